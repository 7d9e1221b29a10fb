import { ageOn } from './details.ts';
import { displayName, referenceFor } from './records.ts';
import { ETHNICITIES, GENDERS } from './monitoring.ts';
import { RISK_LEVEL_SCALE } from './risk-levels.ts';

const DEFAULT_LEVELS = RISK_LEVEL_SCALE;

/**
 * A risk level's label, from the instrument's own levels (the risk module owns them): the
 * area's current version when the caller has it, otherwise the shipped default's.
 */
export function riskLevelLabel(level: string | null | undefined, levels: readonly { id: string; label: string }[] = DEFAULT_LEVELS): string {
  if (!level) return 'Not assessed';
  return levels.find((l) => l.id === level)?.label ?? DEFAULT_LEVELS.find((l) => l.id === level)?.label ?? level;
}

/** The columns of a young person that lists and headings show (search results have them too). */
export interface PersonLike {
  id: string;
  number: number;
  givenName: string | null;
  familyName: string | null;
  aliases: string[];
  dateOfBirth: string | null;
  estimatedAge: number | null;
  gender?: string;
  ethnicity?: string;
  postcode: string | null;
  riskLevel: string | null;
}

/** What templates show for a young person in a list or heading. */
export function personView(p: PersonLike) {
  return {
    id: p.id,
    reference: referenceFor(p.number),
    name: displayName(p),
    aliases: p.aliases,
    dateOfBirth: p.dateOfBirth,
    age: p.dateOfBirth ? ageOn(p.dateOfBirth, new Date()) : null,
    estimatedAge: p.estimatedAge,
    gender: p.gender ? (GENDERS.find((g) => g.value === p.gender)?.label ?? 'Not recorded') : undefined,
    ethnicity: p.ethnicity ? (ETHNICITIES.find((e) => e.value === p.ethnicity)?.label ?? 'Not recorded') : undefined,
    postcode: p.postcode,
    riskLevel: riskLevelLabel(p.riskLevel),
  };
}
