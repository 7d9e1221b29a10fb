import type { Db } from '../../platform/db/database.ts';
import type { SettingGroup } from '../../platform/modules.ts';
import { areaSettings } from '../../platform/auth/area-settings.ts';
import { DEFAULT_TRANSITION_AGE, DEFAULT_TRANSITION_DUE_SOON_DAYS } from './vocab.ts';

/** Transition at 18 on the area's Settings page (contributed through moving-on/index.ts). */
export const MOVING_ON_SETTING_GROUP: SettingGroup = {
  group: 'Transition at 18',
  order: 60,
  definitions: [
    {
      key: 'transitionPlanAge',
      label: 'A transition plan is needed from the age of',
      hint: 'Young people open to CSE work from this birthday onwards need a plan for moving to adult services. They show on your worklist until one is written.',
      suffix: 'years',
      min: 14,
      max: 17,
      defaultValue: DEFAULT_TRANSITION_AGE,
    },
    {
      key: 'transitionDueSoonDays',
      label: 'Show a transition plan as due this many days before its deadline',
      hint: 'The deadline is the 18th birthday unless the plan sets another day.',
      suffix: 'days',
      min: 1,
      max: 180,
      defaultValue: DEFAULT_TRANSITION_DUE_SOON_DAYS,
    },
  ],
};

export interface TransitionSettings {
  age: number;
  dueSoonDays: number;
}

/** The area's transition settings, falling back to the defaults for anything unset or out of range. */
export async function transitionSettings(db: Db, areaId: string): Promise<TransitionSettings> {
  const s = await areaSettings(db, areaId);
  const age = Number.isInteger(s.transitionPlanAge) && s.transitionPlanAge! >= 14 && s.transitionPlanAge! <= 17 ? s.transitionPlanAge! : DEFAULT_TRANSITION_AGE;
  const days = Number.isInteger(s.transitionDueSoonDays) && s.transitionDueSoonDays! >= 1 && s.transitionDueSoonDays! <= 180 ? s.transitionDueSoonDays! : DEFAULT_TRANSITION_DUE_SOON_DAYS;
  return { age, dueSoonDays: days };
}
