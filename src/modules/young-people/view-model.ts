import { ageOn } from './details.ts';
import { displayName, referenceFor } from './records.ts';
import { ETHNICITIES, GENDERS } from './monitoring.ts';
import { RISK_LEVEL_SCALE } from './risk-levels.ts';
import type { Db } from '../../platform/db/database.ts';
import { service, type LanternModule } from '../../platform/modules.ts';
import type { YoungPersonRow } from './records.ts';
import type { RiskLevelSource } from './service.ts';

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
  /** Set when CSE work with them has closed (lists mark the record closed). */
  closedOn?: string | null;
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
    closedOn: p.closedOn ?? null,
  };
}

declare module '../../platform/modules.ts' {
  interface LanternServices {
    /** The levels of risk in an area's current instrument, with its labels: the risk module provides them. */
    riskLevels: (db: Db, areaId: string) => Promise<readonly { id: string; label: string }[]>;
  }
}

/** The area's level labels when the risk module is installed; Lantern's shipped ones otherwise. */
export async function riskLevelsFor(modules: readonly LanternModule[], db: Db, areaId: string): Promise<readonly { id: string; label: string }[]> {
  return modules.some((m) => m.provides?.riskLevels) ? service('riskLevels', modules)(db, areaId) : DEFAULT_LEVELS;
}

const SOURCE_WORDS: Record<RiskLevelSource, string> = { assessment: 'From a risk assessment', panel: 'Agreed at a multi-agency panel' };

/**
 * A young person's current level of risk as every page shows it, from the record's level — which
 * `setCurrentRiskLevel` keeps as the latest of their assessments and panel decisions — with when
 * and how it was set.
 */
export function currentRiskLevel(yp: Pick<YoungPersonRow, 'id' | 'riskLevel' | 'riskLevelSetAt' | 'riskLevelSource'>, levels?: readonly { id: string; label: string }[]) {
  const source = yp.riskLevelSource as RiskLevelSource | null;
  return {
    id: yp.riskLevel,
    label: riskLevelLabel(yp.riskLevel, levels),
    setAt: yp.riskLevel ? yp.riskLevelSetAt : null,
    source,
    sourceText: yp.riskLevel ? (source ? SOURCE_WORDS[source] : 'Set before Lantern recorded where levels came from') : 'No risk assessment or panel decision yet',
    sourceHref: source === 'panel' ? `/young-people/${yp.id}/panels` : `/young-people/${yp.id}/risk`,
    colour: LEVEL_COLOURS[yp.riskLevel ?? ''] ?? 'grey',
  };
}

const LEVEL_COLOURS: Record<string, string> = { entrenched: 'red', swapping: 'orange', at_risk: 'yellow', no_apparent_risk: 'green' };

/** Chronology entries as the Ministry of Justice timeline's items: the summary in full, newest first. */
export function timelineItems(entries: { occurredAt: Date; kind: string; summary: string; agencyName: string | null }[], kinds: Record<string, string>) {
  return entries.map((e) => ({
    label: { text: kinds[e.kind] ?? 'Entry' },
    byline: e.agencyName ? { text: e.agencyName } : undefined,
    datetime: { timestamp: e.occurredAt.toISOString(), type: 'datetime' },
    text: e.summary,
  }));
}
