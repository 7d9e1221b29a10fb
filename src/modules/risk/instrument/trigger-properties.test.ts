/**
 * Statutory triggers read the facts and nothing else: for the shipped instrument, each trigger
 * fires if and only if its facts hold, says which facts it used and the rule it follows, and an
 * answer the record contradicts is refused rather than silently overruled.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createDefaultInstrument } from './default-instrument.ts';
import { addDays, birthdayOf, formatDate, isBefore, parseDate } from './dates.ts';
import { tryScore } from './testing.ts';
import type { AnswerValue, AssessmentContext, FactStatus, MissingEpisodeFact } from './types.ts';

const RUNS = { numRuns: 300 };
const ins = createDefaultInstrument();
const AT = '2026-12-02T21:30:00Z';
const AT_MS = Date.parse(AT);
const TODAY = parseDate('2026-12-02')!;
const HOUR = 3_600_000;
const FACTS: FactStatus[] = ['not_recorded', 'none', 'indicated', 'known'];
const present = (s: FactStatus | undefined) => s === 'indicated' || s === 'known';

const episodeArb: fc.Arbitrary<MissingEpisodeFact> = fc
  .record({ startedHoursAgo: fc.integer({ min: 0, max: 24 * 60 }), back: fc.option(fc.integer({ min: 0, max: 24 * 60 }), { nil: null }), n: fc.integer({ min: 1, max: 99 }) })
  .map(({ startedHoursAgo, back, n }) => ({
    reference: `M-${n}`,
    startedAt: new Date(AT_MS - startedHoursAgo * HOUR).toISOString(),
    // A return, when there is one, is some hours after the start (possibly after the assessment).
    returnedAt: back === null ? null : new Date(AT_MS - startedHoursAgo * HOUR + back * HOUR).toISOString(),
  }));

const factsArb = fc.record({
  ageDays: fc.integer({ min: 9 * 365, max: 18 * 365 }),
  lookedAfter: fc.option(fc.boolean(), { nil: null }),
  missingNow: fc.option(fc.boolean(), { nil: null }),
  episodes: fc.array(episodeArb, { maxLength: 6 }),
  hasPartner: fc.option(fc.boolean(), { nil: null }),
  partnerAge: fc.integer({ min: 12, max: 40 }),
  sexualActivity: fc.constantFrom(...FACTS),
  penetrativeSex: fc.constantFrom(...FACTS),
  goingMissingSign: fc.constantFrom<AnswerValue>('now', 'last_6_months', 'not_present'),
});
type Facts = typeof factsArb extends fc.Arbitrary<infer T> ? T : never;

const contextOf = (f: Facts): AssessmentContext => ({
  assessedAt: AT,
  dateOfBirth: formatDate(addDays(TODAY, -f.ageDays)),
  lookedAfter: f.lookedAfter,
  missingNow: f.missingNow,
  missingEpisodes: f.episodes,
  hasPartner: f.hasPartner,
  partnerAgeYears: f.hasPartner === true ? f.partnerAge : null,
  sexualActivity: f.sexualActivity,
  penetrativeSex: f.penetrativeSex,
});
const under = (f: Facts, years: number) => isBefore(TODAY, birthdayOf(addDays(TODAY, -f.ageDays), years));
const openOnRecord = (f: Facts) =>
  f.episodes.some((e) => Date.parse(e.startedAt) <= AT_MS && (e.returnedAt === null || e.returnedAt === undefined || Date.parse(e.returnedAt) > AT_MS));
const scoreFacts = (f: Facts) => tryScore(ins, { 'ar.going_missing': f.goingMissingSign }, contextOf(f));

describe('statutory triggers fire if and only if their facts hold', () => {
  it('an answer to "missing now" that the record contradicts is refused, never overruled', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const r = scoreFacts(f);
        const contradicts = (f.missingNow === false && openOnRecord(f)) || (f.missingNow === true && !openOnRecord(f));
        assert.equal(r.ok, !contradicts);
        if (!r.ok) assert.ok(r.problems.every((p) => p.path === 'context.missingNow' || p.path === 'context.missingEpisodes'));
      }),
      RUNS,
    );
  });

  it('looked after and missing: fires iff looked after and an episode is open at the assessment, whatever the "going missing" sign says', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const r = scoreFacts(f);
        if (!r.ok) return;
        const t = r.value.triggers.find((x) => x.kind === 'looked_after_missing');
        assert.equal(Boolean(t), f.lookedAfter === true && openOnRecord(f));
        if (t) {
          assert.notEqual(f.missingNow, false, 'never alongside an answer of "not missing now"');
          assert.ok(t.why.some((w) => /Missing since \d{4}-\d{2}-\d{2}T.*\(missing episode M-\d+ on the record\)/.test(w)), 'names the episode and its time');
          assert.ok(t.why.some((w) => /Looked after: answered yes/.test(w)));
          assert.ok(t.deadline?.dueBy, 'and a deadline, never an unknown one');
        }
      }),
      RUNS,
    );
  });

  it('age gap: fires iff the child is under 16 and has a partner of 18 or over', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const r = scoreFacts({ ...f, missingNow: openOnRecord(f) });
        assert.ok(r.ok);
        const t = r.value.triggers.find((x) => x.kind === 'age_gap');
        assert.equal(Boolean(t), under(f, 16) && f.hasPartner === true && f.partnerAge >= 18);
        if (t) {
          assert.ok(t.why.some((w) => w.includes(`aged ${f.partnerAge}`)));
          assert.match(t.rule ?? '', /age of consent is 16/);
        }
      }),
      RUNS,
    );
  });

  it('under 13: fires iff the child is under 13 and sexual activity of any kind is indicated or known', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const r = scoreFacts({ ...f, missingNow: openOnRecord(f) });
        assert.ok(r.ok);
        const activity = r.value.triggers.find((x) => x.kind === 'under_age_sexual_activity');
        const penetrative = r.value.triggers.find((x) => x.kind === 'under_age_penetrative_sex');
        assert.equal(Boolean(activity), under(f, 13) && (present(f.sexualActivity) || present(f.penetrativeSex)));
        assert.equal(Boolean(penetrative), under(f, 13) && present(f.penetrativeSex));
        for (const t of r.value.triggers) assert.ok(t.rule, `${t.triggerId} cites its rule`);
      }),
      RUNS,
    );
  });
});

describe('the reported false alert', () => {
  it('"Missing now: No" with the going-missing sign "now" and five returned episodes: no missing trigger', () => {
    const episodes = [5, 12, 20, 33, 41].map((days, i) => ({ reference: `M-${i + 1}`, startedAt: new Date(AT_MS - days * 24 * HOUR).toISOString(), returnedAt: new Date(AT_MS - days * 24 * HOUR + 10 * HOUR).toISOString() }));
    const r = tryScore(ins, { 'ar.going_missing': 'now', 'sw.regularly_missing': 'now' }, { assessedAt: AT, dateOfBirth: '2011-05-01', lookedAfter: true, missingNow: false, missingEpisodes: episodes });
    assert.ok(r.ok);
    assert.deepEqual(r.value.triggers.filter((t) => t.kind === 'looked_after_missing'), []);
  });
});
