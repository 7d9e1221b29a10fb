import { ageOn } from './details.ts';
import { displayName, referenceFor } from './records.ts';
import { ETHNICITIES, GENDERS } from './monitoring.ts';

/** Labels of the default instrument's levels; the risk module owns the levels, this only names them for display. */
const RISK_LEVEL_LABELS: Record<string, string> = {
  no_apparent_risk: 'No apparent risk',
  at_risk: 'At risk',
  swapping: 'Swapping',
  entrenched: 'Entrenched',
};

export function riskLevelLabel(level: string | null | undefined): string {
  return level ? (RISK_LEVEL_LABELS[level] ?? level) : 'Not assessed';
}

interface PersonLike {
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
