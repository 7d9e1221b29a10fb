import type { SettingGroup } from '../../platform/modules.ts';
import { DEFAULT_THRESHOLDS } from './engine.ts';
import { forgetCachedModel } from './stored-model.ts';

/** The matching thresholds on the area's Settings page (contributed through linkage/index.ts). */
export const LINKAGE_SETTING_GROUP: SettingGroup = {
  group: 'Matching records',
  order: 20,
  definitions: [
    {
      key: 'linkageReviewThreshold',
      label: 'Show a pair as “Possibly the same” from',
      hint: 'Pairs at or above this likelihood appear in possible duplicates, and a practitioner naming a young person is told a match may exist. Below it a pair is shown as “Probably different”. Lower finds more pairs to check.',
      suffix: '%',
      min: 1,
      max: 99.9,
      defaultValue: DEFAULT_THRESHOLDS.review * 100,
      percent: true,
    },
    {
      key: 'linkageAutoSuggestThreshold',
      label: 'Show a pair as “Very likely the same” from',
      hint: 'Matches at or above this likelihood are offered first, and an import holds back a row matching a record this closely. It must be higher than the figure above. Records are only ever merged by a person.',
      suffix: '%',
      min: 1,
      max: 99.9,
      defaultValue: DEFAULT_THRESHOLDS.autoSuggest * 100,
      percent: true,
    },
  ],
  check(settings, errors): Record<string, string> {
    const review = settings.linkageReviewThreshold ?? DEFAULT_THRESHOLDS.review;
    const autoSuggest = settings.linkageAutoSuggestThreshold ?? DEFAULT_THRESHOLDS.autoSuggest;
    if (!errors.linkageReviewThreshold && !errors.linkageAutoSuggestThreshold && autoSuggest <= review) {
      return { linkageAutoSuggestThreshold: 'The “Very likely the same” figure must be higher than the “Possibly the same” figure' };
    }
    return {};
  },
  // The matching thresholds travel with the cached model: drop it so the next match uses the new ones.
  afterSave(areaId, changedKeys) {
    if (changedKeys.some((key) => key.startsWith('linkage'))) forgetCachedModel(areaId);
  },
};
