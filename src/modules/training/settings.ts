import type { SettingGroup } from '../../platform/modules.ts';
import type { AreaSettings } from '../organisation/tables.ts';
import { DEFAULT_COVERAGE_TARGET } from './vocab.ts';

/** The area's coverage target as a fraction (0 to 1). */
export function coverageTargetFrom(settings: AreaSettings | null | undefined): number {
  const value = settings?.trainingCoverageTarget;
  return typeof value === 'number' && value > 0 && value <= 1 ? value : DEFAULT_COVERAGE_TARGET;
}

/** The training setting on the area's Settings page (contributed through training/index.ts). */
export const TRAINING_SETTING_GROUP: SettingGroup = {
  group: 'Training',
  order: 70,
  definitions: [
    {
      key: 'trainingCoverageTarget',
      label: 'Aim to have in date with CSE training',
      hint: 'The share of each agency’s people, role by role, the partnership wants trained and not yet due a refresher. Lower figures are shown as below target.',
      suffix: '%',
      min: 1,
      max: 100,
      defaultValue: DEFAULT_COVERAGE_TARGET * 100,
      percent: true,
    },
  ],
};
