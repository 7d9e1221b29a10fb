import type { Db } from '../../platform/db/database.ts';
import type { AreaSettings } from '../organisation/tables.ts';
import type { SettingGroup } from '../../platform/modules.ts';
import { areaSettings } from '../../platform/auth/area-settings.ts';

/** The area's rules for missing episodes; each can be changed per area in `areas.settings`. */
export interface MissingSettings {
  /** A return interview is to be offered within this many hours of the young person's return. */
  returnInterviewHours: number;
  /** For a looked-after young person, a strategy meeting is due within this many hours of the report. */
  strategyMeetingHours: number;
  /** This many episodes in 90 days flags repeat going missing ("3 in 90 days"). */
  repeatCount90Days: number;
  /** More than this many episodes in all flags it too ("more than 10"). */
  manyCount: number;
}

export const DEFAULT_MISSING_SETTINGS: MissingSettings = {
  returnInterviewHours: 72,
  strategyMeetingHours: 72,
  repeatCount90Days: 3,
  manyCount: 10,
};

const positive = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback);

export function missingSettingsFrom(settings: AreaSettings | null | undefined): MissingSettings {
  const s = settings ?? {};
  return {
    returnInterviewHours: positive(s.returnInterviewHours, DEFAULT_MISSING_SETTINGS.returnInterviewHours),
    strategyMeetingHours: positive(s.strategyMeetingHours, DEFAULT_MISSING_SETTINGS.strategyMeetingHours),
    repeatCount90Days: positive(s.missingRepeatCount90Days, DEFAULT_MISSING_SETTINGS.repeatCount90Days),
    manyCount: positive(s.missingManyCount, DEFAULT_MISSING_SETTINGS.manyCount),
  };
}

export async function missingSettings(db: Db, areaId: string): Promise<MissingSettings> {
  return missingSettingsFrom(await areaSettings(db, areaId));
}

/** The missing-episode settings on the area's Settings page (contributed through missing/index.ts). */
export const MISSING_SETTING_GROUP: SettingGroup = {
  group: 'Missing episodes',
  order: 30,
  definitions: [
    {
      key: 'returnInterviewHours',
      label: 'Offer a return interview within',
      hint: 'Hours after the young person comes back. Statutory guidance expects 72.',
      suffix: 'hours',
      min: 1,
      max: 24 * 30,
      defaultValue: DEFAULT_MISSING_SETTINGS.returnInterviewHours,
    },
    {
      key: 'strategyMeetingHours',
      label: 'Hold a strategy meeting for a looked-after young person within',
      hint: 'Hours after they are reported missing.',
      suffix: 'hours',
      min: 1,
      max: 24 * 30,
      defaultValue: DEFAULT_MISSING_SETTINGS.strategyMeetingHours,
    },
    {
      key: 'missingRepeatCount90Days',
      label: 'Episodes in 90 days that flag repeat missing',
      hint: 'A young person missing this many times in 90 days is flagged.',
      suffix: 'episodes',
      min: 2,
      max: 20,
      defaultValue: DEFAULT_MISSING_SETTINGS.repeatCount90Days,
    },
    {
      key: 'missingManyCount',
      label: 'Episodes in all that flag a young person',
      hint: 'A young person missing more than this many times altogether is flagged.',
      suffix: 'episodes',
      min: 2,
      max: 100,
      defaultValue: DEFAULT_MISSING_SETTINGS.manyCount,
    },
  ],
};
