import type { SettingGroup } from '../../platform/modules.ts';
import { DEFAULT_BREAK_GLASS_HOURS, DEFAULT_BREAK_GLASS_PER_DAY } from './service.ts';

/** The emergency access settings on the area's Settings page (contributed through access/index.ts). */
export const ACCESS_SETTING_GROUP: SettingGroup = {
  group: 'Emergency access',
  order: 40,
  definitions: [
    {
      key: 'breakGlassHours',
      label: 'Emergency access lasts',
      hint: 'Hours a practitioner keeps a record they opened in an emergency. Every use is shown to you for review.',
      suffix: 'hours',
      min: 1,
      max: 72,
      defaultValue: DEFAULT_BREAK_GLASS_HOURS,
    },
    {
      key: 'breakGlassPerDay',
      label: 'Emergency accesses one person may open in 24 hours',
      hint: 'When someone reaches this number you are told, and they cannot open another until the 24 hours have passed.',
      suffix: 'records',
      min: 1,
      max: 20,
      defaultValue: DEFAULT_BREAK_GLASS_PER_DAY,
    },
  ],
};
