/**
 * Property-based tests of the scoring engine with fast-check. Instruments are
 * the default and the tiny fixture with randomised (valid) weights, cut-offs
 * and protective caps, so the properties are checked for any valid
 * configuration, not just the shipped numbers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createDefaultInstrument } from './default-instrument.ts';
import { formatDate, addDays, birthdayOf, parseDate } from './dates.ts';
import { ctx, score, tinyInstrument, triggerIds } from './testing.ts';
import { ANSWER_WINDOWS, type AnswerValue, type AnswerWindow, type AssessmentContext, type FactStatus, type Instrument } from './types.ts';
import { validateInstrument } from './validate.ts';

const RUNS = { numRuns: 150 };

const instrumentArb: fc.Arbitrary<Instrument> = fc.constantFrom(createDefaultInstrument, tinyInstrument).chain((make) => {
  const shape = make();
  const weight = fc.integer({ min: 0, max: 16 }).map((x) => x / 2);
  return fc
    .record({
      weights: fc.array(fc.tuple(weight, weight, weight), { minLength: shape.indicators.length, maxLength: shape.indicators.length }),
      gaps: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: shape.levels.length - 1, maxLength: shape.levels.length - 1 }),
      cap: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
    })
    .map(({ weights, gaps, cap }) => {
      const ins = make();
      ins.indicators.forEach((ind, i) => {
        const [a, b, c] = [...(weights[i] ?? [1, 1, 1])].sort((x, y) => y - x) as [number, number, number];
        ind.weights = ind.weights.timed ? { timed: true, now: a, last6Months: b, sixTo12Months: c } : { timed: false, present: a };
      });
      let min = 0;
      ins.scoring.cutOffs = ins.levels.slice(1).map((l, i) => ({ level: l.id, minTotal: (min += gaps[i] ?? 1) }));
      ins.scoring.maxProtectiveReduction = cap;
      return ins;
    });
});

const FACTS: FactStatus[] = ['not_recorded', 'none', 'indicated', 'known'];
const AT = '2025-03-01T12:00:00Z';

const contextArb: fc.Arbitrary<AssessmentContext> = fc
  .record({
    ageDays: fc.option(fc.integer({ min: 8 * 365, max: 18 * 365 }), { nil: null }),
    lookedAfter: fc.option(fc.boolean(), { nil: null }),
    learningDisability: fc.option(fc.boolean(), { nil: null }),
    immediateDanger: fc.option(fc.boolean(), { nil: null }),
    riskOfSignificantHarm: fc.option(fc.boolean(), { nil: null }),
    sexualActivity: fc.constantFrom(...FACTS),
    penetrativeSex: fc.constantFrom(...FACTS),
    missingHoursAgo: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
  })
  .map((c) => ({
    assessedAt: AT,
    dateOfBirth: c.ageDays === null ? null : formatDate(addDays(parseDate('2025-03-01')!, -c.ageDays)),
    lookedAfter: c.lookedAfter,
    learningDisability: c.learningDisability,
    immediateDanger: c.immediateDanger,
    riskOfSignificantHarm: c.riskOfSignificantHarm,
    sexualActivity: c.sexualActivity,
    penetrativeSex: c.penetrativeSex,
    missingEpisodes: c.missingHoursAgo === null ? [] : [{ startedAt: new Date(Date.parse(AT) - c.missingHoursAgo * 3_600_000).toISOString() }],
  }));

type Entries = [string, AnswerValue][];

function allowed(ins: Instrument, id: string): AnswerValue[] {
  const ind = ins.indicators.find((i) => i.id === id);
  return ind && ind.weights.timed ? [...ANSWER_WINDOWS, 'not_present'] : ['now', 'not_present'];
}

/** Random answers to active risk indicators (some unanswered), as ordered entries. */
function riskAnswersArb(ins: Instrument): fc.Arbitrary<Entries> {
  const ids = ins.indicators.filter((i) => !i.retired).map((i) => i.id);
  return fc
    .tuple(...ids.map((id) => fc.option(fc.constantFrom(...allowed(ins, id)), { nil: undefined, freq: 2 })))
    .map((values) => ids.flatMap((id, i): Entries => (values[i] === undefined ? [] : [[id, values[i] as AnswerValue]])));
}

function extrasArb(ins: Instrument): fc.Arbitrary<{ protective: Entries; judgements: Record<string, string> }> {
  const pro = ins.protectiveFactors.filter((p) => !p.retired).map((p) => p.id);
  return fc.record({
    protective: fc.subarray(pro).map((ids): Entries => ids.map((id) => [id, 'now'])),
    judgements: fc.tuple(...ins.judgementSections.map((s) => fc.option(fc.constantFrom(...s.options.map((o) => o.id)), { nil: undefined }))).map((picked) => {
      const out: Record<string, string> = {};
      ins.judgementSections.forEach((s, i) => {
        const v = picked[i];
        if (v !== undefined) out[s.id] = v;
      });
      return out;
    }),
  });
}

interface Case {
  ins: Instrument;
  risk: Entries;
  protective: Entries;
  judgements: Record<string, string>;
  context: AssessmentContext;
  pick: number;
  window: AnswerWindow;
}

const caseArb: fc.Arbitrary<Case> = instrumentArb.chain((ins) =>
  fc.record({
    ins: fc.constant(ins),
    risk: riskAnswersArb(ins),
    extras: extrasArb(ins),
    context: contextArb,
    pick: fc.nat(),
    window: fc.constantFrom(...ANSWER_WINDOWS),
  }).map(({ extras, ...rest }) => ({ ...rest, ...extras })),
);

const rec = (entries: Entries): Record<string, AnswerValue> => Object.fromEntries(entries);
const run = (c: Case, risk: Entries) => score(c.ins, rec([...risk, ...c.protective]), c.context, c.judgements);
const isPresent = ([, v]: [string, AnswerValue]): boolean => v !== 'not_present';
const subset = (a: string[], b: string[]): boolean => a.every((x) => b.includes(x));

describe('scoring properties', () => {
  it('every generated instrument is valid (the properties below are about valid instruments)', () => {
    fc.assert(fc.property(instrumentArb, (ins) => validateInstrument(ins).ok), { numRuns: 50 });
  });

  it('adding a risk indicator never lowers the level, the score, the statutory minimum or the triggers', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const present = new Set(c.risk.filter(isPresent).map(([id]) => id));
        const candidates = c.ins.indicators.filter((i) => !i.retired && !present.has(i.id));
        fc.pre(candidates.length > 0);
        const added = candidates[c.pick % candidates.length]!;
        const value: AnswerValue = added.weights.timed ? c.window : 'now';
        const before = run(c, c.risk);
        const after = run(c, [...c.risk.filter(([id]) => id !== added.id), [added.id, value]]);
        assert.ok(after.level.rank >= before.level.rank, `level fell from ${before.level.id} to ${after.level.id} adding ${added.id}=${value}`);
        assert.ok(after.riskScore >= before.riskScore);
        assert.ok(after.total >= before.total);
        assert.ok(after.minimumAllowed.rank >= before.minimumAllowed.rank);
        assert.ok(subset(triggerIds(before), triggerIds(after)), `a trigger disappeared adding ${added.id}`);
      }),
      RUNS,
    );
  });

  it('removing a risk indicator never raises the level', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, asNotPresent) => {
        const present = c.risk.filter(isPresent);
        fc.pre(present.length > 0);
        const [removed] = present[c.pick % present.length]!;
        const rest: Entries = asNotPresent
          ? c.risk.map(([id, v]): [string, AnswerValue] => [id, id === removed ? 'not_present' : v])
          : c.risk.filter(([id]) => id !== removed);
        const before = run(c, c.risk);
        const after = run(c, rest);
        assert.ok(after.level.rank <= before.level.rank, `level rose from ${before.level.id} to ${after.level.id} removing ${removed}`);
        assert.ok(subset(triggerIds(after), triggerIds(before)));
      }),
      RUNS,
    );
  });

  it('the order in which answers are given never matters', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) => {
          const all = [...c.risk, ...c.protective];
          return fc.tuple(fc.constant(c), fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }));
        }),
        ([c, shuffled]) => {
          const inOrder = score(c.ins, rec([...c.risk, ...c.protective]), c.context, c.judgements);
          const reversed = score(c.ins, rec([...c.risk, ...c.protective].reverse()), c.context, c.judgements);
          const mixed = score(c.ins, rec(shuffled), c.context, c.judgements);
          assert.deepEqual(reversed, inOrder);
          assert.deepEqual(mixed, inOrder);
        },
      ),
      RUNS,
    );
  });

  it('a sign becoming more recent never lowers the level', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const past = c.risk.filter(([, v]) => v === 'last_6_months' || v === '6_to_12_months');
        fc.pre(past.length > 0);
        const [id, v] = past[c.pick % past.length]!;
        const newer: AnswerWindow = v === '6_to_12_months' && c.window !== '6_to_12_months' ? c.window : 'now';
        const before = run(c, c.risk);
        const after = run(c, c.risk.map(([k, x]): [string, AnswerValue] => [k, k === id ? newer : x]));
        assert.ok(after.level.rank >= before.level.rank);
      }),
      RUNS,
    );
  });

  it('protective factors never take the level below what floor rules, judgements and triggers require', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const allStrengths: Entries = c.ins.protectiveFactors.filter((p) => !p.retired).map((p) => [p.id, 'now']);
        const without = score(c.ins, rec(c.risk), c.context, c.judgements);
        const withAll = score(c.ins, rec([...c.risk, ...allStrengths]), c.context, c.judgements);
        const required = Math.max(
          without.minimumAllowed.rank,
          // raise_by rules count from the cut-off level, which strengths may lower; at_least rules stand.
          ...without.reasons.floors
            .filter((f) => c.ins.floorRules.find((r) => r.id === f.ruleId)?.effect.kind === 'at_least')
            .map((f) => f.requires.rank),
          ...without.reasons.judgementFloors.map((j) => j.requires.rank),
        );
        assert.ok(withAll.level.rank >= required);
        assert.ok(withAll.level.rank <= without.level.rank);
        assert.deepEqual(triggerIds(withAll), triggerIds(without));
      }),
      RUNS,
    );
  });
});

describe('trigger boundary properties', () => {
  const u13 = createDefaultInstrument();
  const underThirteenFired = (dob: string, day: string): boolean =>
    triggerIds(score(u13, {}, { assessedAt: `${day}T12:00:00Z`, dateOfBirth: dob, sexualActivity: 'indicated' })).includes(
      'trigger.under13_sexual_activity',
    );

  it('under 13 holds through the day before the 13th birthday and ends on it, for any date of birth', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const dob = parseDate(d.toISOString().slice(0, 10))!;
        const birthday = birthdayOf(dob, 13);
        assert.equal(underThirteenFired(formatDate(dob), formatDate(addDays(birthday, -1))), true);
        assert.equal(underThirteenFired(formatDate(dob), formatDate(birthday)), false);
      }),
      { numRuns: 100 },
    );
  });

  it('the 72-hour strategy meeting is due up to and including 72 hours, overdue after', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 * 60 }), (minutes) => {
        const start = '2025-02-20T08:15:00Z';
        const assessedAt = new Date(Date.parse(start) + minutes * 60_000).toISOString();
        const t = score(u13, {}, ctx({ assessedAt, lookedAfter: true, missingEpisodes: [{ startedAt: start }] })).triggers.find(
          (x) => x.kind === 'looked_after_missing',
        );
        assert.equal(t?.deadline?.status, minutes <= 72 * 60 ? 'due' : 'overdue');
      }),
      { numRuns: 200 },
    );
  });
});
