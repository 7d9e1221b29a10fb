import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { episodeForm, offerForm, outcomeForm, readEpisodeForm, readOfferForm, readOutcomeForm, readReturnForm, returnForm } from './form-input.ts';
import { episodeMentionKey, episodeMentionRows, textMatchKey, tidyText } from './mentions.ts';
import { checkEpisode, checkInterview, checkReturn, dueAfter, findOverlap, HOUR_MS, interviewState, meetingState, spansOverlap, type EpisodeInput, type ReturnInput } from './rules.ts';
import { londonInstant, londonParts } from '../../platform/time.ts';
import { parseTimeText } from './times.ts';

const NOW = new Date('2026-11-21T12:00:00Z');
const at = (iso: string) => new Date(iso);
const episode = (over: Partial<EpisodeInput> = {}): EpisodeInput => ({
  kind: 'missing',
  lastSeenAt: at('2026-11-20T23:15:00Z'),
  lastSeenWhere: null,
  reportedAt: null,
  reportedBy: null,
  policeReference: null,
  lookedAfter: true,
  placement: null,
  ...over,
});
const ret = (returnedAt: string): ReturnInput => ({ returnedAt: at(returnedAt), foundWhere: null, howReturned: 'police', whileAway: null, mentions: [], interviewAgencyId: null });

describe('what may be recorded', () => {
  it('refuses an episode in the future, and a report before they were last seen', () => {
    assert.deepEqual(checkEpisode(episode(), NOW), {});
    assert.match(checkEpisode(episode({ lastSeenAt: at('2026-11-22T01:00:00Z') }), NOW).lastSeenAt ?? '', /must be in the past/);
    assert.match(checkEpisode(episode({ reportedAt: at('2026-11-20T22:00:00Z') }), NOW).reportedAt ?? '', /same as or after the time they were last seen/);
    // A few minutes of clock difference between systems is still "now".
    assert.deepEqual(checkEpisode(episode({ lastSeenAt: new Date(NOW.getTime() + 60_000) }), NOW), {});
  });

  it('refuses a return before (or at) the time they were last seen, and a return in the future', () => {
    const e = { lastSeenAt: at('2026-11-20T23:15:00Z') };
    assert.deepEqual(checkReturn(e, ret('2026-11-21T07:40:00Z'), NOW), {});
    assert.match(checkReturn(e, ret('2026-11-20T22:00:00Z'), NOW).returnedAt ?? '', /must be after they were last seen \(20 November 2026, 11:15pm\)/);
    assert.match(checkReturn(e, ret('2026-11-20T23:15:00Z'), NOW).returnedAt ?? '', /must be after they were last seen/);
    assert.match(checkReturn(e, ret('2026-11-23T07:40:00Z'), NOW).returnedAt ?? '', /must be in the past/);
  });

  it('refuses a return interview before the return, or before they are back at all', () => {
    const offer = { offeredAt: at('2026-11-21T07:00:00Z'), interviewerName: 'Niamh Doyle', interviewerAgencyId: null, independent: true, response: 'accepted' as const };
    assert.match(checkInterview({ returnedAt: at('2026-11-21T07:40:00Z') }, offer, NOW).offeredAt ?? '', /cannot be offered before they came back \(21 November 2026, 7:40am\)/);
    assert.deepEqual(checkInterview({ returnedAt: at('2026-11-21T06:40:00Z') }, offer, NOW), {});
    assert.match(checkInterview({ returnedAt: null }, offer, NOW).offeredAt ?? '', /Record that they have come back/);
  });

  it('reads the pages’ forms with GOV.UK messages for what is missing or not a date', () => {
    const empty = readEpisodeForm(episodeForm.parse({}), NOW);
    assert.equal(empty.input, null);
    assert.deepEqual(Object.keys(empty.errors).sort(), ['kind', 'lastSeenAt', 'lookedAfter']);
    assert.equal(empty.errors.lastSeenAt, 'Enter the date and time they were last seen');
    const badTime = readEpisodeForm(episodeForm.parse({ kind: 'missing', lookedAfter: 'yes', 'lastSeenAt-day': '20', 'lastSeenAt-month': '11', 'lastSeenAt-year': '2026', 'lastSeenAt-time': '25:00' }), NOW);
    assert.match(badTime.errors.lastSeenAt ?? '', /as a real time, like 21:30 or 9:30pm/);
    const badDate = readEpisodeForm(episodeForm.parse({ kind: 'missing', lookedAfter: 'yes', 'lastSeenAt-day': '31', 'lastSeenAt-month': '2', 'lastSeenAt-year': '2026', 'lastSeenAt-time': '21:00' }), NOW);
    assert.match(badDate.errors.lastSeenAt ?? '', /must be a real date/);
    const ok = readEpisodeForm(episodeForm.parse({ kind: 'away', lookedAfter: 'no', 'lastSeenAt-day': '20', 'lastSeenAt-month': '11', 'lastSeenAt-year': '2026', 'lastSeenAt-time': '11:15pm', policeReference: ' NB-1 ' }), NOW);
    assert.deepEqual(ok.errors, {});
    assert.equal(ok.input?.lastSeenAt.toISOString(), '2026-11-20T23:15:00.000Z');
    assert.equal(ok.input?.policeReference, 'NB-1');

    const r = readReturnForm(returnForm.parse({ 'returnedAt-day': '21', 'returnedAt-month': '11', 'returnedAt-year': '2026', 'returnedAt-time': '07:40', howReturned: 'police', foundWithAdults: 'Deano\n\n  Man in a red car ' }), { lastSeenAt: at('2026-11-20T23:15:00Z') }, NOW);
    assert.deepEqual(r.errors, {});
    assert.deepEqual(r.input?.mentions.map((m) => m.value), ['Deano', 'Man in a red car']);
    const noHow = readReturnForm(returnForm.parse({ 'returnedAt-day': '21', 'returnedAt-month': '11', 'returnedAt-year': '2026', 'returnedAt-time': '07:40' }), { lastSeenAt: at('2026-11-20T23:15:00Z') }, NOW);
    assert.equal(noHow.errors.howReturned, 'Select how they came back');

    const offer = readOfferForm(offerForm.parse({ 'offeredAt-day': '21', 'offeredAt-month': '11', 'offeredAt-year': '2026', 'offeredAt-time': '06:00', interviewerName: 'N', independent: 'yes', response: 'accepted' }), { returnedAt: at('2026-11-21T07:40:00Z') }, NOW);
    assert.match(offer.errors.offeredAt ?? '', /cannot be offered before they came back/);
    const outcome = readOutcomeForm(outcomeForm.parse({ 'completedAt-day': '21', 'completedAt-month': '11', 'completedAt-year': '2026', 'completedAt-time': '10:00', disclosure: 'yes' }), { returnedAt: at('2026-11-21T07:40:00Z') }, { offeredAt: at('2026-11-21T09:00:00Z'), response: 'accepted' }, NOW);
    assert.equal(outcome.errors.disclosureDetails, 'Describe what they told the interviewer');
  });
});

describe('overlapping episodes', () => {
  const a = { id: 'a', lastSeenAt: at('2026-11-01T22:00:00Z'), returnedAt: at('2026-11-02T08:00:00Z') };
  it('finds episodes that overlap, open ones reaching to now and beyond', () => {
    assert.equal(spansOverlap(a, { lastSeenAt: at('2026-11-02T07:00:00Z'), returnedAt: at('2026-11-02T09:00:00Z') }), true);
    assert.equal(spansOverlap(a, { lastSeenAt: at('2026-10-30T07:00:00Z'), returnedAt: null }), true, 'an open episode from before covers it');
    assert.equal(spansOverlap({ ...a, returnedAt: null }, { lastSeenAt: at('2026-11-10T07:00:00Z'), returnedAt: null }), true);
    assert.equal(spansOverlap(a, { lastSeenAt: at('2026-11-01T23:00:00Z'), returnedAt: at('2026-11-01T23:30:00Z') }), true, 'inside it');
  });
  it('lets them go missing again the moment, or the day after, they came back', () => {
    assert.equal(spansOverlap(a, { lastSeenAt: at('2026-11-02T08:00:00Z'), returnedAt: null }), false);
    assert.equal(spansOverlap(a, { lastSeenAt: at('2026-11-03T21:00:00Z'), returnedAt: null }), false);
    assert.equal(spansOverlap(a, { lastSeenAt: at('2026-10-30T21:00:00Z'), returnedAt: at('2026-11-01T22:00:00Z') }), false);
    assert.equal(findOverlap({ ...a }, [a]), null, 'an episode never overlaps itself');
  });
});

describe('72 hours: due and overdue', () => {
  const returnedAt = at('2026-11-21T07:40:00Z');
  const interviewDueAt = dueAfter(returnedAt, 72);
  const ep = { returnedAt, interviewDueAt };
  it('is due until exactly 72 hours after the return, overdue a moment later', () => {
    assert.equal(interviewDueAt.toISOString(), '2026-11-24T07:40:00.000Z');
    assert.equal(interviewState(ep, null, new Date(returnedAt.getTime() + 72 * HOUR_MS - 1)).state, 'offer_due');
    assert.equal(interviewState(ep, null, interviewDueAt).state, 'offer_due');
    assert.equal(interviewState(ep, null, new Date(interviewDueAt.getTime() + 1)).state, 'offer_overdue');
  });
  it('an offer made by the deadline is on time, one after it is late; then the answer decides', () => {
    const onTime = interviewState(ep, { offeredAt: interviewDueAt, response: 'awaiting', completedAt: null }, new Date(interviewDueAt.getTime() + 10 * HOUR_MS));
    assert.deepEqual([onTime.state, onTime.offeredLate], ['awaiting_answer', false]);
    const late = interviewState(ep, { offeredAt: new Date(interviewDueAt.getTime() + 60_000), response: 'accepted', completedAt: null }, new Date(interviewDueAt.getTime() + 10 * HOUR_MS));
    assert.deepEqual([late.state, late.offeredLate], ['to_complete', true]);
    assert.equal(interviewState(ep, { offeredAt: returnedAt, response: 'declined', completedAt: null }, NOW).state, 'declined');
    assert.equal(interviewState(ep, { offeredAt: returnedAt, response: 'accepted', completedAt: NOW }, NOW).state, 'completed');
    assert.equal(interviewState({ returnedAt: null, interviewDueAt: null }, null, NOW).state, 'not_yet_back');
  });
  it('a looked-after young person’s strategy meeting is due within 72 hours and overdue after', () => {
    const due = dueAfter(at('2026-11-20T23:15:00Z'), 72);
    assert.equal(meetingState({ strategyMeetingDueAt: due, strategyMeetingOutcome: null }, due).state, 'due');
    assert.equal(meetingState({ strategyMeetingDueAt: due, strategyMeetingOutcome: null }, new Date(due.getTime() + 1)).state, 'overdue');
    assert.equal(meetingState({ strategyMeetingDueAt: due, strategyMeetingOutcome: 'held' }, new Date(due.getTime() + 1)).state, 'held');
    assert.equal(meetingState({ strategyMeetingDueAt: null, strategyMeetingOutcome: null }, NOW).state, 'not_needed_not_looked_after');
  });
});

describe('UK time', () => {
  it('reads times as people write them', () => {
    assert.deepEqual(parseTimeText('21:30'), { hour: 21, minute: 30 });
    assert.deepEqual(parseTimeText('9:30pm'), { hour: 21, minute: 30 });
    assert.deepEqual(parseTimeText('12am'), { hour: 0, minute: 0 });
    assert.deepEqual(parseTimeText('12.15 PM'), { hour: 12, minute: 15 });
    assert.deepEqual(parseTimeText('0930'), { hour: 9, minute: 30 });
    assert.deepEqual(parseTimeText('midnight'), { hour: 0, minute: 0 });
    for (const bad of ['9', '24:00', '13pm', '9:75', 'soon', '']) assert.equal(parseTimeText(bad), null, bad);
  });
  it('turns UK wall-clock times into instants in winter and in summer', () => {
    assert.equal(londonInstant('2026-11-20', 23, 15).toISOString(), '2026-11-20T23:15:00.000Z');
    assert.equal(londonInstant('2026-07-01', 23, 15).toISOString(), '2026-07-01T22:15:00.000Z');
    assert.deepEqual(londonParts(at('2026-07-01T23:30:00Z')), { year: 2026, month: 7, day: 2, hour: 0, minute: 30, second: 0, weekday: 3 });
  });
});

describe('match keys', () => {
  it('the same place written differently gives the same key; cars and phones are keyed as concerns key them', () => {
    assert.equal(tidyText('  The Mill St. Takeaway!! '), 'mill st takeaway');
    assert.equal(textMatchKey('place', 'Quay Road Snooker Hall'), textMatchKey('place', 'quay road snooker-hall'.replace('-', ' ')));
    assert.equal(textMatchKey('place', 'a'), null);
    assert.equal(episodeMentionKey('vehicle', 'nb19 xkp'), episodeMentionKey('vehicle', 'NB19XKP'));
    assert.equal(episodeMentionKey('phone', '07700 900123'), episodeMentionKey('phone', '+44 7700 900123'));
  });

  it('keys a described car on its registration and adds identifiers written in the free text, once each', () => {
    const rows = episodeMentionRows(
      [
        { kind: 'vehicle', context: 'while_away', value: 'black Audi AB12 CDE' },
        { kind: 'adult', context: 'found_with', value: 'Ace, snap: ace_77' },
      ],
      [
        { context: 'while_away', text: 'Stayed in the Audi AB12 CDE; rang 07700 900321 twice.' },
        { context: 'interview', text: 'Said she was at a flat near the A1 until 10:30 in 2026.' },
      ],
    );
    assert.deepEqual(rows, [
      { kind: 'vehicle', context: 'while_away', asTyped: 'black Audi AB12 CDE', matchKey: 'vehicle:AB12CDE' },
      { kind: 'adult', context: 'found_with', asTyped: 'Ace, snap: ace_77', matchKey: 'adult:ace snap ace 77' },
      { kind: 'online_account', context: 'found_with', asTyped: 'snap: ace_77', matchKey: 'handle:snapchat:ace_77' },
      { kind: 'phone', context: 'while_away', asTyped: '07700 900321', matchKey: 'phone:+447700900321' },
    ]);
  });
});
