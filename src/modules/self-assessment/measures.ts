/**
 * The figures Lantern measures a standard by, read live from the records through the owning
 * modules' own queries (their entries), each with its period. Counts and shares only: no figure
 * names a young person or a practitioner.
 */
import type { Db } from '../../platform/db/database.ts';
import { feedbackTimesBetween, triageSettingsForArea, triageTimesBetween } from '../triage/index.ts';
import { lookedAfterMeetings, missingSettings, returnInterviewTimes } from '../missing/index.ts';
import { actionCounts } from '../panels/index.ts';
import { PROSECUTION_KINDS, areaIntelligenceCounts } from '../intelligence/index.ts';
import { coverage } from '../training/index.ts';
import { londonDayEnd, londonDayStart, londonToday } from '../../platform/time.ts';
import type { EvidenceFigure } from './tables.ts';
import { MEASURES, type Measure } from './vocab.ts';

/** The period a year's assessment is measured over: the calendar year, up to today while it lasts. */
export function yearPeriod(year: number, today = londonToday()): { from: string; to: string } {
  const from = `${year}-01-01`;
  const end = `${year}-12-31`;
  return { from, to: end < today ? end : today < from ? from : today };
}

const share = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : 'None to count');
const hours = (h: number | null) => (h === null ? 'No feedback given yet' : h < 48 ? `${h.toFixed(1)} hours` : `${(h / 24).toFixed(1)} days`);

/** One measure's figure for an area over a period. */
export async function measureEvidence(db: Db, areaId: string, measure: Measure, from: string, to: string, today = londonToday()): Promise<EvidenceFigure> {
  const base = { measure, label: MEASURES[measure], from, to };
  switch (measure) {
    case 'feedback_time': {
      const t = await feedbackTimesBetween(db, [areaId], from, to);
      return { ...base, figure: `Median ${hours(t.medianHours)}`, numerator: t.withFeedback, denominator: t.withFeedback + t.withoutFeedback, lines: [
        { label: 'Concerns with feedback', value: String(t.withFeedback) },
        { label: 'Concerns without feedback yet', value: String(t.withoutFeedback) },
        { label: 'Feedback within a day', value: String(t.bands.withinDay) },
      ] };
    }
    case 'triage_within_target': {
      const t = await triageTimesBetween(db, areaId, from, to, await triageSettingsForArea(db, areaId));
      return { ...base, figure: share(t.withinTarget, t.received), numerator: t.withinTarget, denominator: t.received, lines: [
        { label: 'Concerns received', value: String(t.received) },
        { label: 'Triaged', value: String(t.triaged) },
        { label: `Triaged within ${t.targetWorkingHours} working hours`, value: String(t.withinTarget) },
      ] };
    }
    case 'return_interviews': {
      const t = await returnInterviewTimes(db, areaId, from, to, await missingSettings(db, areaId));
      return { ...base, figure: share(t.offeredInTime, t.returned), numerator: t.offeredInTime, denominator: t.returned, lines: [
        { label: 'Young people coming back from a missing episode', value: String(t.returned) },
        { label: `Offered a return interview within ${t.hours} hours`, value: String(t.offeredInTime) },
      ] };
    }
    case 'looked_after_meetings': {
      const t = await lookedAfterMeetings(db, areaId, from, to);
      return { ...base, figure: share(t.heldInTime, t.due), numerator: t.heldInTime, denominator: t.due, lines: [
        { label: 'Episodes of looked-after children calling for a strategy meeting', value: String(t.due) },
        { label: 'Meeting held', value: String(t.held) },
        { label: 'Held by the time it was due', value: String(t.heldInTime) },
      ] };
    }
    case 'training_coverage': {
      // Coverage is of people in date on a day: the last day of the period.
      const c = await coverage(db, areaId, to < today ? to : today);
      return { ...base, figure: share(c.totals.trained, c.totals.people), numerator: c.totals.trained, denominator: c.totals.people, lines: c.byAgency.map((a) => ({ label: a.agencyName, value: `${a.trained} of ${a.people}${a.countedWithoutAccounts ? `, and ${a.countedWithoutAccounts} without accounts` : ''}` })) };
    }
    case 'panel_actions': {
      const found = await actionCounts(db, { areaIds: [areaId] }, from, to, today);
      const count = (standing: string) => found.filter((r) => r.standing === standing).reduce((n, r) => n + r.n, 0);
      const due = found.reduce((n, r) => n + r.n, 0);
      return { ...base, figure: share(count('on_time'), due), numerator: count('on_time'), denominator: due, lines: [
        { label: 'Actions due in the period', value: String(due) },
        { label: 'Completed on time', value: String(count('on_time')) },
        { label: 'Completed late', value: String(count('late')) },
        { label: 'Open and overdue', value: String(count('overdue')) },
      ] };
    }
    case 'disruption': {
      // The intelligence module counts steps dated from the start of `from` to before the end of `to`.
      const c = await areaIntelligenceCounts(db, areaId, { from: londonDayStart(from), to: londonDayEnd(to) }, 1);
      const all = Object.values(c.disruptionsByKind).reduce((n, v) => n + v, 0);
      const prosecution = Object.entries(c.disruptionsByKind).filter(([kind]) => (PROSECUTION_KINDS as readonly string[]).includes(kind)).reduce((n, [, v]) => n + v, 0);
      return { ...base, figure: `${all} steps`, numerator: all, denominator: null, lines: [
        { label: 'Disruption steps', value: String(all - prosecution) },
        { label: 'Prosecution steps', value: String(prosecution) },
      ] };
    }
  }
}
