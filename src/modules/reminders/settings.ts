import type { AreaSettings } from '../organisation/tables.ts';
import type { SettingGroup } from '../../platform/modules.ts';

export const DEFAULT_DUE_SOON_HOURS = 24;

export function dueSoonHoursFrom(settings: AreaSettings | null | undefined): number {
  const value = settings?.reminderDueSoonHours;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_DUE_SOON_HOURS;
}

/** How early the area's people are told a deadline is coming (on the Settings page). */
export const REMINDER_SETTING_GROUP: SettingGroup = {
  group: 'Reminders',
  order: 90,
  definitions: [
    {
      key: 'reminderDueSoonHours',
      label: 'Remind the owner of a deadline this long before it',
      hint: 'Owners of return interviews, strategy meetings, reviews and panel actions are reminded once when the deadline is this close, and once more if it passes.',
      suffix: 'hours',
      min: 1,
      max: 24 * 14,
      defaultValue: DEFAULT_DUE_SOON_HOURS,
    },
  ],
};
