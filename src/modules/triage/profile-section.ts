import { table, type ProfileSectionBuilder } from '../profile/index.ts';
import { feedbackTimesBetween } from './queue.ts';

/** The problem profile's section on time from concern to first feedback (contributed through triage/index.ts). */
export const feedbackSection: ProfileSectionBuilder = {
  id: 'feedback',
  title: 'Telling the person who raised the concern',
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('feedback is counted over a period');
    const times = await feedbackTimesBetween(db, scope.areaIds, window.from, window.to, scope.agencyId ?? null);
    const hours = (h: number | null) => (h === null ? 'No feedback yet' : h < 48 ? `${h.toFixed(1)} hours` : `${(h / 24).toFixed(1)} days`);
    return {
      id: 'feedback',
      title: 'Telling the person who raised the concern',
      intro: 'Time from a concern being received to the first feedback to the person who raised it, for concerns received in the period (elapsed time, not working time).',
      facts: [
        { label: 'Median time to first feedback', value: hours(times.medianHours) },
        { label: '9 in 10 had feedback within', value: hours(times.p90Hours) },
      ],
      tables: [
        table({
          id: 'feedback_time',
          title: 'Time to first feedback',
          rowHeading: 'First feedback',
          columns: [{ key: 'concerns', label: 'Concerns' }],
          rows: [
            { key: 'within_1_day', label: 'Within a day', values: [times.bands.withinDay] },
            { key: 'within_3_days', label: 'After 1 to 3 days', values: [times.bands.withinThreeDays] },
            { key: 'later', label: 'After more than 3 days', values: [times.bands.later] },
            { key: 'none', label: 'No feedback yet', values: [times.withoutFeedback] },
          ],
          rowsAdd: true,
        }),
      ],
    };
  },
};
