/**
 * The numbers a coordinator may tune for their area, on one page. Each module keeps its own
 * defaults and reads `areas.settings` defensively; this list says which of those keys a person
 * may change, in what range, and how they are asked for. A key left blank goes back to the
 * module's default.
 */
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { DEFAULT_BREAK_GLASS_HOURS, DEFAULT_BREAK_GLASS_PER_DAY } from '../access/service.ts';
import { DEFAULT_THRESHOLDS } from '../linkage/engine.ts';
import { forgetCachedModel } from '../linkage/stored-model.ts';
import { DEFAULT_MISSING_SETTINGS } from '../missing/settings.ts';
import { areas, type AreaSettings } from '../organisation/tables.ts';
import { DEFAULT_TRIAGE_SETTINGS } from '../triage/settings.ts';
import { WORKING_HOURS_PER_DAY } from '../triage/working-hours.ts';

type SettingKey = keyof AreaSettings;

export interface SettingDefinition {
  key: SettingKey;
  group: string;
  label: string;
  hint: string;
  /** What the number counts, after the input ("hours", "agencies", "%"). */
  suffix: string;
  min: number;
  max: number;
  defaultValue: number;
  /** Probabilities are asked for as percentages (one decimal place) and stored as fractions. */
  percent?: boolean;
}

export const SETTING_GROUPS = ['Triage', 'Matching records', 'Missing episodes', 'Emergency access'] as const;

export const AREA_SETTINGS: SettingDefinition[] = [
  {
    key: 'triageTargetWorkingHours',
    group: 'Triage',
    label: 'Time to triage a new concern',
    hint: `In working hours (a working day is ${WORKING_HOURS_PER_DAY} hours). A concern waiting longer is shown as late in the queue.`,
    suffix: 'working hours',
    min: 1,
    max: WORKING_HOURS_PER_DAY * 20,
    defaultValue: DEFAULT_TRIAGE_SETTINGS.targetWorkingHours,
  },
  {
    key: 'weakSignalAgencies',
    group: 'Triage',
    label: 'Agencies that flag a young person',
    hint: 'A young person is flagged when concerns about them come from at least this many different agencies within the period below.',
    suffix: 'agencies',
    min: 2,
    max: 10,
    defaultValue: DEFAULT_TRIAGE_SETTINGS.weakSignalAgencies,
  },
  {
    key: 'weakSignalWindowDays',
    group: 'Triage',
    label: 'Period for the several-agencies flag',
    hint: 'Concerns raised within this many days of each other count together.',
    suffix: 'days',
    min: 1,
    max: 365,
    defaultValue: DEFAULT_TRIAGE_SETTINGS.weakSignalWindowDays,
  },
  {
    key: 'linkageReviewThreshold',
    group: 'Matching records',
    label: 'Show two records as possibly the same young person from',
    hint: 'Pairs at or above this likelihood appear in possible duplicates, and a practitioner naming a young person is told a match may exist. Lower finds more pairs to check.',
    suffix: '%',
    min: 1,
    max: 99.9,
    defaultValue: DEFAULT_THRESHOLDS.review * 100,
    percent: true,
  },
  {
    key: 'linkageAutoSuggestThreshold',
    group: 'Matching records',
    label: 'Treat as very likely the same young person from',
    hint: 'Matches at or above this likelihood are offered first, and an import holds back a row matching a record this closely. It cannot be lower than the figure above.',
    suffix: '%',
    min: 1,
    max: 99.9,
    defaultValue: DEFAULT_THRESHOLDS.autoSuggest * 100,
    percent: true,
  },
  {
    key: 'returnInterviewHours',
    group: 'Missing episodes',
    label: 'Offer a return interview within',
    hint: 'Hours after the young person comes back. Statutory guidance expects 72.',
    suffix: 'hours',
    min: 1,
    max: 24 * 30,
    defaultValue: DEFAULT_MISSING_SETTINGS.returnInterviewHours,
  },
  {
    key: 'strategyMeetingHours',
    group: 'Missing episodes',
    label: 'Hold a strategy meeting for a looked-after young person within',
    hint: 'Hours after they are reported missing.',
    suffix: 'hours',
    min: 1,
    max: 24 * 30,
    defaultValue: DEFAULT_MISSING_SETTINGS.strategyMeetingHours,
  },
  {
    key: 'missingRepeatCount90Days',
    group: 'Missing episodes',
    label: 'Episodes in 90 days that flag repeat missing',
    hint: 'A young person missing this many times in 90 days is flagged.',
    suffix: 'episodes',
    min: 2,
    max: 20,
    defaultValue: DEFAULT_MISSING_SETTINGS.repeatCount90Days,
  },
  {
    key: 'missingManyCount',
    group: 'Missing episodes',
    label: 'Episodes in all that flag a young person',
    hint: 'A young person missing more than this many times altogether is flagged.',
    suffix: 'episodes',
    min: 2,
    max: 100,
    defaultValue: DEFAULT_MISSING_SETTINGS.manyCount,
  },
  {
    key: 'breakGlassHours',
    group: 'Emergency access',
    label: 'Emergency access lasts',
    hint: 'Hours a practitioner keeps a record they opened in an emergency. Every use is shown to you for review.',
    suffix: 'hours',
    min: 1,
    max: 72,
    defaultValue: DEFAULT_BREAK_GLASS_HOURS,
  },
  {
    key: 'breakGlassPerDay',
    group: 'Emergency access',
    label: 'Emergency accesses one person may open in 24 hours',
    hint: 'When someone reaches this number you are told, and they cannot open another until the 24 hours have passed.',
    suffix: 'records',
    min: 1,
    max: 20,
    defaultValue: DEFAULT_BREAK_GLASS_PER_DAY,
  },
];

/** What the form shows for one setting: the stored value, or blank when the default applies. */
export function formValue(definition: SettingDefinition, settings: AreaSettings): string {
  const stored = settings[definition.key];
  if (typeof stored !== 'number') return '';
  return definition.percent ? String(Math.round(stored * 1000) / 10) : String(stored);
}

export function defaultText(definition: SettingDefinition): string {
  return `${Math.round(definition.defaultValue * 10) / 10}${definition.suffix === '%' ? '%' : ` ${definition.suffix}`}`;
}

export type SettingsInput = Partial<Record<SettingKey, string>>;

/** Checks every field; returns the new settings (unchanged keys kept, blanks removed) or an error per field. */
export function validateAreaSettings(current: AreaSettings, input: SettingsInput): Outcome<AreaSettings, 'invalid'> {
  const errors: Record<string, string> = {};
  const settings: AreaSettings = { ...current };
  for (const definition of AREA_SETTINGS) {
    const raw = (input[definition.key] ?? '').trim().replace(/%$/, '').trim();
    if (raw === '') {
      delete settings[definition.key];
      continue;
    }
    const value = Number(raw);
    const wholeOnly = !definition.percent;
    const label = definition.label.charAt(0).toLowerCase() + definition.label.slice(1);
    if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(value)) {
      errors[definition.key] = `Enter ${label} as a number, like ${definition.defaultValue}, or leave it blank for the default`;
    } else if (wholeOnly && !Number.isInteger(value)) {
      errors[definition.key] = `Enter ${label} as a whole number`;
    } else if (definition.percent && Math.round(value * 10) !== value * 10) {
      errors[definition.key] = `Enter ${label} to no more than one decimal place`;
    } else if (value < definition.min || value > definition.max) {
      errors[definition.key] = `Enter ${label} between ${definition.min} and ${definition.max}${definition.suffix === '%' ? '%' : ''}`;
    } else {
      (settings as Record<string, number>)[definition.key] = definition.percent ? value / 100 : value;
    }
  }
  const review = settings.linkageReviewThreshold ?? DEFAULT_THRESHOLDS.review;
  const autoSuggest = settings.linkageAutoSuggestThreshold ?? DEFAULT_THRESHOLDS.autoSuggest;
  if (!errors.linkageReviewThreshold && !errors.linkageAutoSuggestThreshold && autoSuggest < review) {
    errors.linkageAutoSuggestThreshold = 'The “very likely” figure must be at least the “possibly the same” figure';
  }
  return Object.keys(errors).length ? fail('invalid', errors) : succeed(settings);
}

export async function areaSettings(db: Db, areaId: string): Promise<AreaSettings> {
  const [row] = await db.select({ settings: areas.settings }).from(areas).where(eq(areas.id, areaId));
  return row?.settings ?? {};
}

/** Saves the settings with an audit row naming the keys that changed, from and to. */
export async function saveAreaSettings(db: Db, ctx: RequestContext, areaId: string, before: AreaSettings, after: AreaSettings): Promise<string[]> {
  const changed = AREA_SETTINGS.map((d) => d.key).filter((key) => before[key] !== after[key]);
  if (!changed.length) return changed;
  const changes = Object.fromEntries(changed.map((key) => [key, { from: before[key] ?? null, to: after[key] ?? null }]));
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'area', recordId: areaId, details: { change: 'area_settings', changes } }, async (tx) => {
    await tx.update(areas).set({ settings: after }).where(eq(areas.id, areaId));
  });
  // The matching thresholds travel with the cached model: drop it so the next match uses the new ones.
  if (changed.some((key) => key.startsWith('linkage'))) forgetCachedModel(areaId);
  return changed;
}
