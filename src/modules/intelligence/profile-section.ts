/**
 * This module's part of the problem profile: places and adults of concern and the top hotspots
 * (counts only: no names, numbers or ids), and disruption and prosecution steps, contributed to
 * the profile through the module's entry (index.ts). Counted for whole areas: an
 * agency lead's view of the profile (their agency's part) does not include them, because places,
 * adults and disruption steps belong to the partnership, not to one agency.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { table, type FigureTable, type ProfileSection, type ProfileSectionBuilder, windowEnd, type Scope, type Window } from '../profile/index.ts';
import { londonDayStartSql } from '../../platform/time.ts';
import { areaIntelligenceCounts, type AreaIntelligenceCounts } from './hotspots.ts';
import { ADULT_STATUSES, DISRUPTION_KINDS, DISRUPTION_OUTCOMES, PLACE_KINDS, PROSECUTION_KINDS } from './vocab.ts';
import { isOneOf } from '../../platform/http/forms.ts';

/** How many hotspots the profile shows. */
export const PROFILE_HOTSPOTS = 5;

const NOT_RECORDED = { key: 'not_recorded', label: 'Not recorded' };

/** One row per listed value, then "not recorded" for anything missing or off the list. */
function listedRows(labels: Record<string, string>, counts: Record<string, number>) {
  const listed = Object.entries(labels).map(([key, label]) => ({ key, label, values: [counts[key] ?? 0] }));
  const offList = Object.entries(counts)
    .filter(([key]) => !isOneOf(labels, key))
    .reduce((total, [, n]) => total + n, 0);
  return [...listed, { ...NOT_RECORDED, values: [offList] }];
}

/** The area counts for every area in the scope, added together; the top hotspots are the highest across them. */
async function countsFor(db: Db, scope: Scope, window: Extract<Window, { kind: 'period' }>): Promise<AreaIntelligenceCounts> {
  const [bounds] = await rows<{ from: Date | string; to: Date | string }>(db, sql`select ${londonDayStartSql(window.from)} as "from", ${windowEnd(window)} as "to"`);
  const period = { from: new Date(bounds!.from), to: new Date(bounds!.to) };
  const perArea = await Promise.all(scope.areaIds.map((areaId) => areaIntelligenceCounts(db, areaId, period, PROFILE_HOTSPOTS)));
  const add = (pick: (c: AreaIntelligenceCounts) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const c of perArea) for (const [key, n] of Object.entries(pick(c))) out[key] = (out[key] ?? 0) + n;
    return out;
  };
  return {
    placesByKind: add((c) => c.placesByKind),
    adultsByStatus: add((c) => c.adultsByStatus),
    disruptionsByKind: add((c) => c.disruptionsByKind),
    outcomes: add((c) => c.outcomes),
    topHotspotCounts: perArea
      .flatMap((c) => c.topHotspotCounts)
      .sort((a, b) => b.youngPeople - a.youngPeople)
      .slice(0, PROFILE_HOTSPOTS),
  };
}

const WHOLE_AREA_ONLY = 'These figures are for the partnership as a whole, so they are not shown for one agency.';

export function hotspotTables(counts: AreaIntelligenceCounts): FigureTable[] {
  return [
    table({
      id: 'places_by_kind',
      title: 'Places of concern by kind',
      rowHeading: 'Kind of place',
      columns: [{ key: 'places', label: 'Places on record at the end of the period' }],
      rows: listedRows(PLACE_KINDS, counts.placesByKind),
      rowsAdd: true,
    }),
    table({
      id: 'adults_by_status',
      title: 'Adults of concern by status',
      rowHeading: 'Status',
      columns: [{ key: 'adults', label: 'Adults on record at the end of the period' }],
      rows: listedRows(ADULT_STATUSES, counts.adultsByStatus),
      rowsAdd: true,
      note: 'Each adult is counted with their status as it stands today.',
    }),
    table({
      id: 'top_hotspots',
      title: `The ${PROFILE_HOTSPOTS} places linked to the most young people`,
      rowHeading: 'Hotspot',
      columns: [{ key: 'young_people', label: 'Young people linked in the period' }],
      rows: counts.topHotspotCounts.map((h, i) => ({
        key: `hotspot_${i + 1}`,
        label: `Hotspot ${i + 1}: ${PLACE_KINDS[h.placeKind as keyof typeof PLACE_KINDS] ?? 'kind not recorded'}`,
        values: [h.youngPeople],
      })),
      // One young person may be linked to several places, and hotspot 1 in one area is not hotspot 1 in another.
      rowsAdd: false,
      inReturn: false,
      note: 'Places are numbered here, not named. A young person linked to several places is counted at each. Left out of the anonymised return: one area’s hotspot 1 cannot be added to another’s.',
    }),
  ];
}

export function disruptionTables(counts: AreaIntelligenceCounts): FigureTable[] {
  return [
    table({
      id: 'disruption_steps',
      title: 'Disruption and prosecution steps by kind',
      rowHeading: 'Step',
      columns: [{ key: 'steps', label: 'Steps in the period' }],
      rows: listedRows(DISRUPTION_KINDS, counts.disruptionsByKind),
      rowsAdd: true,
      note: `Prosecution steps are ${PROSECUTION_KINDS.map((k) => DISRUPTION_KINDS[k].toLowerCase()).join(', ')}; the rest are disruption.`,
    }),
    table({
      id: 'prosecution_outcomes',
      title: 'Outcomes recorded in the period',
      rowHeading: 'Outcome',
      columns: [{ key: 'outcomes', label: 'Outcome steps in the period' }],
      rows: listedRows(DISRUPTION_OUTCOMES, counts.outcomes),
      rowsAdd: true,
    }),
  ];
}

/** The two sections share one count per build of a profile (keyed on the scope and window objects it passes to every section). */
const shared = new WeakMap<Scope, WeakMap<Window, Promise<AreaIntelligenceCounts>>>();
function sharedCounts(db: Db, scope: Scope, window: Extract<Window, { kind: 'period' }>): Promise<AreaIntelligenceCounts> {
  let byWindow = shared.get(scope);
  if (!byWindow) shared.set(scope, (byWindow = new WeakMap()));
  let pending = byWindow.get(window);
  if (!pending) byWindow.set(window, (pending = countsFor(db, scope, window)));
  return pending;
}

function intelligenceSection(id: string, title: string, intro: string, tablesOf: (c: AreaIntelligenceCounts) => FigureTable[]) {
  return {
    id,
    title,
    windows: ['period' as const],
    async build(db: Db, scope: Scope, window: Window): Promise<ProfileSection> {
      if (window.kind !== 'period') throw new Error(`${id} is counted over a period`);
      if (scope.agencyId) return { id, title, intro: WHOLE_AREA_ONLY, tables: [] };
      return { id, title, intro, tables: tablesOf(await sharedCounts(db, scope, window)) };
    },
  };
}

/** The module's sections of the problem profile (contributed through intelligence/index.ts). */
export const intelligenceProfileSections: ProfileSectionBuilder[] = [
  intelligenceSection(
    'hotspots',
    'Hotspots and adults of concern',
    'Places and adults of concern on record, and the places linked to the most young people in the period (through recorded links, concerns raised at the place and disruption steps). Counts only: no place or person is named.',
    hotspotTables,
  ),
  intelligenceSection('disruptions', 'Disruption and prosecution', 'Steps taken to disrupt exploitation and to prosecute, dated in the period.', disruptionTables),
];
