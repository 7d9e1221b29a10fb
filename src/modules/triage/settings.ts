import type { Db } from '../../platform/db/database.ts';
import type { AreaSettings } from '../organisation/tables.ts';
import { WORKING_HOURS_PER_DAY } from './working-hours.ts';
import type { SettingGroup } from '../../platform/modules.ts';
import { areaSettings } from '../../platform/auth/area-settings.ts';

/** An area's triage settings, with the defaults of the issue: one working day, two agencies, thirty days. */
export interface TriageSettings {
  targetWorkingHours: number;
  weakSignalAgencies: number;
  weakSignalWindowDays: number;
}

export const DEFAULT_TRIAGE_SETTINGS: TriageSettings = {
  targetWorkingHours: WORKING_HOURS_PER_DAY,
  weakSignalAgencies: 2,
  weakSignalWindowDays: 30,
};

function positive(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max ? value : fallback;
}

/** Reads the settings jsonb defensively: a missing or nonsensical value falls back to the default. */
export function triageSettingsFrom(settings: AreaSettings | null | undefined): TriageSettings {
  return {
    targetWorkingHours: positive(settings?.triageTargetWorkingHours, DEFAULT_TRIAGE_SETTINGS.targetWorkingHours, 24 * 365),
    weakSignalAgencies: Math.round(positive(settings?.weakSignalAgencies, DEFAULT_TRIAGE_SETTINGS.weakSignalAgencies, 100)),
    weakSignalWindowDays: Math.round(positive(settings?.weakSignalWindowDays, DEFAULT_TRIAGE_SETTINGS.weakSignalWindowDays, 3650)),
  };
}

export async function triageSettingsForArea(db: Db, areaId: string): Promise<TriageSettings> {
  return triageSettingsFrom(await areaSettings(db, areaId));
}

/** The triage settings on the area's Settings page (contributed through triage/index.ts). */
export const TRIAGE_SETTING_GROUP: SettingGroup = {
  group: 'Triage',
  order: 10,
  definitions: [
    {
      key: 'triageTargetWorkingHours',
      label: 'Time to triage a new concern',
      hint: `In working hours (a working day is ${WORKING_HOURS_PER_DAY} hours). A concern waiting longer is shown as late in the queue.`,
      suffix: 'working hours',
      min: 1,
      max: WORKING_HOURS_PER_DAY * 20,
      defaultValue: DEFAULT_TRIAGE_SETTINGS.targetWorkingHours,
    },
    {
      key: 'weakSignalAgencies',
      label: 'Agencies that flag a young person',
      hint: 'A young person is flagged when concerns about them come from at least this many different agencies within the period below.',
      suffix: 'agencies',
      min: 2,
      max: 10,
      defaultValue: DEFAULT_TRIAGE_SETTINGS.weakSignalAgencies,
    },
    {
      key: 'weakSignalWindowDays',
      label: 'Period for the several-agencies flag',
      hint: 'Concerns raised within this many days of each other count together.',
      suffix: 'days',
      min: 1,
      max: 365,
      defaultValue: DEFAULT_TRIAGE_SETTINGS.weakSignalWindowDays,
    },
  ],
};
