import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyJudgement, scoreAssessment } from './score.ts';
import { ctx, score, tinyInstrument, triggerIds, tryScore } from './testing.ts';

const ins = tinyInstrument();

function problemsOf(r: ReturnType<typeof tryScore>): { path: string; message: string }[] {
  assert.equal(r.ok, false, 'expected the scoring to be refused');
  return r.ok ? [] : r.problems;
}

describe('scores and cut-offs', () => {
  it('gives the lowest level, no triggers and no review for no answers', () => {
    const r = score(ins, {});
    assert.equal(r.level.id, 'none');
    assert.equal(r.total, 0);
    assert.deepEqual(r.triggers, []);
    assert.equal(r.reviewIntervalDays, null);
    assert.equal(r.nextReviewDate, null);
    assert.deepEqual(r.recommendedActions.map((a) => a.id), ['n1']);
    assert.equal(r.unansweredIndicatorIds.length, 12);
  });

  it('weighs each time window differently', () => {
    assert.equal(score(ins, { mid1: 'now' }).riskScore, 4);
    assert.equal(score(ins, { mid1: 'last_6_months' }).riskScore, 3);
    assert.equal(score(ins, { mid1: '6_to_12_months' }).riskScore, 2);
    assert.equal(score(ins, { mid1: 'not_present' }).riskScore, 0);
    assert.equal(score(ins, { vul1: 'now' }).riskScore, 1);
  });

  it('applies a cut-off exactly at its minimum total', () => {
    const below = score(ins, { low1: 'now' }); // 2
    assert.equal(below.level.id, 'none');
    assert.equal(below.reasons.cutOff.minTotal, null);
    const at = score(ins, { low1: 'now', vul1: 'now' }); // 3
    assert.equal(at.level.id, 'low');
    assert.deepEqual(at.reasons.cutOff, { level: { id: 'low', label: 'Low', rank: 1 }, minTotal: 3, total: 3 });
    assert.equal(score(ins, { mid1: 'now', mid2: 'last_6_months', vul1: 'now' }).level.id, 'mid'); // 8
    assert.equal(score(ins, { mid1: 'now', mid2: 'last_6_months' }).reasons.cutOff.level.id, 'low'); // 7
  });

  it('explains every contribution and the cut-off used', () => {
    const r = score(ins, { low1: 'now', mid1: 'last_6_months' });
    assert.deepEqual(
      r.reasons.contributions.map((c) => [c.indicatorId, c.answer, c.weight]),
      [
        ['low1', 'now', 2],
        ['mid1', 'last_6_months', 3],
      ],
    );
    assert.ok(r.reasons.summary.some((s) => s.includes('reaches the cut-off for \'Low\' (3 or more)')));
    assert.ok(r.reasons.summary.some((s) => s.startsWith('+3: Mid sign one (in the last 6 months)')));
  });

  it('sets the review date by level, from the local assessment date', () => {
    const r = score(ins, { mid1: 'now', mid2: 'now' });
    assert.equal(r.level.id, 'mid');
    assert.equal(r.reviewIntervalDays, 42);
    assert.equal(r.nextReviewDate, '2025-04-12');
    assert.deepEqual(r.recommendedActions.map((a) => a.id), ['m1']);
  });
});

describe('protective factors', () => {
  it('lower the total, within the cap', () => {
    const r = score(ins, { mid1: 'now', mid2: 'last_6_months', vul1: 'now', pro1: 'now' });
    assert.equal(r.riskScore, 8);
    assert.equal(r.protectiveReduction, 2);
    assert.equal(r.total, 6);
    assert.equal(r.level.id, 'low');
    const capped = score(ins, { mid1: 'now', mid2: 'last_6_months', vul1: 'now', pro1: 'now', pro2: 'now', pro3: 'now' });
    assert.equal(capped.protectiveReduction, 3);
    assert.equal(capped.reasons.protectiveCapped, true);
    assert.equal(capped.total, 5);
  });

  it('never take the total below zero', () => {
    assert.equal(score(ins, { vul1: 'now', pro1: 'now' }).total, 0);
  });

  it('never take the level below a floor rule', () => {
    // Two mid signs now: 8, minus 3 for strengths = 5 (low by cut-off) but the floor says mid.
    const r = score(ins, { mid1: 'now', mid2: 'now', pro1: 'now', pro2: 'now' });
    assert.equal(r.reasons.cutOff.level.id, 'low');
    assert.equal(r.level.id, 'mid');
    assert.ok(r.reasons.floors.find((f) => f.ruleId === 'two_mid_plus_now')?.raisedLevel);
  });

  it('refuse past time windows, since they only ask about now', () => {
    const p = problemsOf(tryScore(ins, { pro1: 'last_6_months' }));
    assert.equal(p[0]?.path, 'answers.indicators.pro1');
    assert.match(p[0]?.message ?? '', /does not ask when/);
  });
});

describe('floor rules', () => {
  it('raise_by lifts one step above the cut-off level', () => {
    const r = score(ins, { high1: 'now' }); // 6 → low by cut-off, raised to mid
    assert.equal(r.reasons.cutOff.level.id, 'low');
    assert.equal(r.level.id, 'mid');
    const f = r.reasons.floors.find((x) => x.ruleId === 'raise_on_high_now');
    assert.deepEqual(f?.matched, ['high1']);
    assert.equal(f?.raisedLevel, true);
  });

  it('raise_by does not go past the top level', () => {
    const r = score(ins, { high1: 'now', mid1: 'now', mid2: 'now' }); // 14 → high
    assert.equal(r.reasons.cutOff.level.id, 'high');
    assert.equal(r.level.id, 'high');
    assert.equal(r.reasons.floors.find((x) => x.ruleId === 'raise_on_high_now')?.requires.id, 'high');
  });

  it('raise_by only counts the windows it names', () => {
    const r = score(ins, { high1: 'last_6_months' });
    assert.equal(r.reasons.floors.length, 0);
    assert.equal(r.level.id, 'low');
  });

  it('at_least with a count needs that many indicators', () => {
    assert.equal(score(ins, { high1: 'last_6_months' }).level.id, 'low');
    const two = score(ins, { high1: 'last_6_months', online_high: 'last_6_months' });
    assert.equal(two.total, 8);
    assert.equal(two.level.id, 'high');
    assert.deepEqual(two.reasons.floors.find((f) => f.ruleId === 'two_high_recent')?.matched, ['high1', 'online_high']);
  });

  it('pointsToAtLeast selects the level and everything above', () => {
    const r = score(ins, { mid1: 'now', high1: 'now' });
    assert.deepEqual(r.reasons.floors.find((f) => f.ruleId === 'two_mid_plus_now')?.matched, ['mid1', 'high1']);
  });
});

describe('judgement sections', () => {
  it('a judgement option with atLeast sets a floor', () => {
    const r = score(ins, {}, ctx(), { stage: 'control' });
    assert.equal(r.level.id, 'mid');
    assert.equal(r.reasons.judgementFloors[0]?.raisedLevel, true);
    assert.equal(score(ins, {}, ctx(), { stage: 'nothing' }).level.id, 'none');
  });

  it('refuses unknown sections and options', () => {
    const p = problemsOf(tryScore(ins, {}, ctx(), { stage: 'nope', other: 'x' }));
    assert.deepEqual(p.map((x) => x.path).sort(), ['answers.judgements.other', 'answers.judgements.stage']);
    assert.match(p.find((x) => x.path === 'answers.judgements.stage')?.message ?? '', /Choose one of: nothing, control/);
  });
});

describe('strands (online variant)', () => {
  it('labels the top level "Selling" on the online strand', () => {
    const r = score(ins, { online_high: 'now', high1: 'now' }, ctx());
    assert.equal(r.level.id, 'high');
    assert.deepEqual(r.level.strandLabels, [
      { strand: 'contact', label: 'High' },
      { strand: 'online', label: 'Selling' },
    ]);
  });

  it('lists only strands with indicators present', () => {
    assert.deepEqual(score(ins, { low1: 'now' }).level.strandLabels, [{ strand: 'contact', label: 'None' }]);
    assert.deepEqual(score(ins, { vul1: 'now' }).level.strandLabels, []);
  });
});

describe('statutory triggers', () => {
  const under13 = ctx({ dateOfBirth: '2012-03-02' }); // 12 years 364 days on 2025-03-01
  const aged13 = ctx({ dateOfBirth: '2012-03-01' }); // 13th birthday on 2025-03-01

  it('immediate danger: police now, listed first', () => {
    const r = score(ins, {}, ctx({ immediateDanger: true, sexualActivity: 'known', dateOfBirth: '2013-01-01' }));
    assert.equal(r.triggers[0]?.triggerId, 't.danger');
    assert.equal(r.triggers[0]?.urgency, 'immediate');
    assert.equal(r.triggers[0]?.whatToDo, 'Call 999.');
    assert.deepEqual(triggerIds(score(ins, {}, ctx({ immediateDanger: false }))), []);
  });

  it('under 13 and any sexual activity: fires at 12 years 364 days, not on the 13th birthday', () => {
    const young = score(ins, {}, { ...under13, sexualActivity: 'indicated' });
    assert.deepEqual(triggerIds(young), ['t.u13sex']);
    assert.equal(young.ageYears, 12);
    assert.match(young.triggers[0]?.why[0] ?? '', /under 13/);
    const older = score(ins, {}, { ...aged13, sexualActivity: 'indicated' });
    assert.equal(older.ageYears, 13);
    assert.deepEqual(triggerIds(older), []);
  });

  it('under 13 sexual activity: "none" and "not recorded" do not fire; not recorded leaves a notice', () => {
    assert.deepEqual(triggerIds(score(ins, {}, { ...under13, sexualActivity: 'none' })), []);
    const unrecorded = score(ins, {}, under13);
    assert.deepEqual(triggerIds(unrecorded), []);
    assert.ok(unrecorded.notices.some((n) => n.includes('sexual activity is not recorded')));
  });

  it('penetrative sex under 13 fires both under-13 triggers', () => {
    const r = score(ins, {}, { ...under13, penetrativeSex: 'known' });
    assert.deepEqual(triggerIds(r), ['t.u13pen', 't.u13sex']);
    assert.deepEqual(triggerIds(score(ins, {}, { ...aged13, penetrativeSex: 'known' })), []);
  });

  it('uses the calendar date in the partnership time zone', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time): the 13th birthday.
    const base = { dateOfBirth: '2012-07-01', sexualActivity: 'known' as const };
    assert.deepEqual(triggerIds(score(ins, {}, { ...base, assessedAt: '2025-06-30T23:30:00Z' })), []);
    assert.deepEqual(triggerIds(score(ins, {}, { ...base, assessedAt: '2025-06-30T23:30:00Z', timeZone: 'UTC' })), ['t.u13sex']);
  });

  it('treats a 29 February birthday as 1 March in other years', () => {
    const base = { dateOfBirth: '2012-02-29', sexualActivity: 'known' as const };
    assert.deepEqual(triggerIds(score(ins, {}, { ...base, assessedAt: '2025-02-28T12:00:00Z' })), ['t.u13sex']);
    assert.deepEqual(triggerIds(score(ins, {}, { ...base, assessedAt: '2025-03-01T12:00:00Z' })), []);
  });

  it('uses an estimated age when there is no date of birth, and says so', () => {
    const r = score(ins, {}, { assessedAt: '2025-03-01T10:00:00Z', estimatedAgeYears: 12, sexualActivity: 'known' });
    assert.deepEqual(triggerIds(r), ['t.u13sex']);
    assert.ok(r.notices.some((n) => n.includes('estimated')));
    const none = score(ins, {}, { assessedAt: '2025-03-01T10:00:00Z', sexualActivity: 'known' });
    assert.deepEqual(triggerIds(none), []);
    assert.ok(none.notices.some((n) => n.includes('could not be checked')));
  });

  describe('looked-after and missing: strategy meeting within 72 hours', () => {
    const start = '2025-03-01T00:00:00Z';
    const at = (hours: number, extraMs = 0): string => new Date(Date.parse(start) + hours * 3_600_000 + extraMs).toISOString();
    const lac = (assessedAt: string) => ctx({ assessedAt, lookedAfter: true, missingEpisodes: [{ startedAt: start }] });

    it('71 hours: due', () => {
      const t = score(ins, {}, lac(at(71))).triggers[0];
      assert.equal(t?.triggerId, 't.lac');
      assert.deepEqual(t?.deadline, { dueBy: '2025-03-04T00:00:00.000Z', status: 'due', hoursElapsed: 71 });
    });

    it('exactly 72 hours: still due (the deadline itself is in time)', () => {
      assert.equal(score(ins, {}, lac(at(72))).triggers[0]?.deadline?.status, 'due');
    });

    it('one millisecond after 72 hours: overdue', () => {
      assert.equal(score(ins, {}, lac(at(72, 1))).triggers[0]?.deadline?.status, 'overdue');
    });

    it('73 hours: overdue', () => {
      const t = score(ins, {}, lac(at(73))).triggers[0];
      assert.equal(t?.deadline?.status, 'overdue');
      assert.equal(t?.deadline?.hoursElapsed, 73);
    });

    it('uses the configured number of hours', () => {
      const custom = tinyInstrument();
      const rule = custom.triggers.find((t) => t.kind === 'looked_after_missing');
      if (rule?.kind === 'looked_after_missing') rule.withinHours = 24;
      assert.equal(score(custom, {}, lac(at(25))).triggers[0]?.deadline?.status, 'overdue');
    });

    it('does not fire when the young person has returned, or is not looked after', () => {
      const returned = ctx({ assessedAt: at(10), lookedAfter: true, missingEpisodes: [{ startedAt: start, returnedAt: at(5) }] });
      assert.deepEqual(triggerIds(score(ins, {}, returned)), []);
      const notLac = ctx({ assessedAt: at(10), lookedAfter: false, missingEpisodes: [{ startedAt: start }] });
      assert.deepEqual(triggerIds(score(ins, {}, notLac)), []);
    });

    it('leaves a notice when looked-after status is not recorded', () => {
      const r = score(ins, {}, ctx({ assessedAt: at(10), missingEpisodes: [{ startedAt: start }] }));
      assert.deepEqual(triggerIds(r), []);
      assert.ok(r.notices.some((n) => n.includes('not recorded whether they are looked after')));
    });

    it('never fires from a going-missing sign answered "now": that means the last four weeks, not missing at this moment', () => {
      assert.deepEqual(triggerIds(score(ins, { low1: 'now' }, ctx({ lookedAfter: true }))), []);
      assert.deepEqual(triggerIds(score(ins, { low1: 'now' }, ctx({ lookedAfter: true, missingNow: false }))), []);
    });

    it('refuses "not missing now" when the record shows an episode with no return, and "missing now" with no time', () => {
      const open = tryScore(ins, {}, ctx({ assessedAt: at(10), lookedAfter: true, missingNow: false, missingEpisodes: [{ reference: 'M-4', startedAt: start }] }));
      assert.ok(!open.ok);
      assert.equal(open.problems[0]?.path, 'context.missingNow');
      assert.match(open.problems[0]?.message ?? '', /M-4.*Record their return/);
      const noTime = tryScore(ins, {}, ctx({ lookedAfter: true, missingNow: true }));
      assert.ok(!noTime.ok);
      assert.equal(noTime.problems[0]?.path, 'context.missingEpisodes');
    });
  });

  describe('risk of significant harm', () => {
    it('fires when the assessor records it', () => {
      const r = score(ins, {}, ctx({ riskOfSignificantHarm: true }));
      assert.deepEqual(triggerIds(r), ['t.harm']);
      assert.match(r.triggers[0]?.why[0] ?? '', /assessor has recorded/);
    });

    it('fires at the named level', () => {
      assert.deepEqual(triggerIds(score(ins, { high1: 'now', high2: 'now' })), ['t.harm']);
      assert.deepEqual(triggerIds(score(ins, { high1: 'now' })), []);
    });

    it('is not silenced by strengths that lower the level', () => {
      const r = score(ins, { high1: 'now', high2: 'last_6_months', pro1: 'now', pro2: 'now' });
      assert.equal(r.level.id, 'high'); // the two-high floor holds the level
      const softened = score(ins, { high1: 'now', mid1: 'now', low1: 'now', vul1: 'now', pro1: 'now', pro2: 'now' }); // 13 − 3 = 10
      assert.equal(softened.level.id, 'high'); // mid by cut-off, raised one step
      const lowered = score(ins, { high1: '6_to_12_months', mid1: 'now', mid2: 'last_6_months', low1: 'now', low2: 'now', vul1: 'now', pro1: 'now', pro2: 'now' });
      assert.equal(lowered.riskScore, 15);
      assert.equal(lowered.level.id, 'mid');
      const harm = lowered.triggers.find((t) => t.triggerId === 't.harm');
      assert.match(harm?.why[0] ?? '', /reach 'High' before strengths/);
    });

    it('fires on a named indicator in its window only', () => {
      assert.deepEqual(triggerIds(score(ins, { mid2: 'now' })), ['t.harm']);
      assert.deepEqual(triggerIds(score(ins, { mid2: 'last_6_months' })), []);
    });
  });

  describe('minimum level: never the lowest level for under 13 or a learning disability when exploitation is indicated', () => {
    it('under 13 with one sign is at least low, even though the score says none', () => {
      const r = score(ins, { low1: '6_to_12_months' }, ctx({ dateOfBirth: '2012-03-02' }));
      assert.equal(r.reasons.cutOff.level.id, 'none');
      assert.equal(r.level.id, 'low');
      assert.deepEqual(triggerIds(r), ['t.u13min']);
      assert.equal(r.triggers[0]?.requires?.id, 'low');
      assert.equal(r.minimumAllowed.id, 'low');
    });

    it('does not apply on the 13th birthday', () => {
      const r = score(ins, { low1: '6_to_12_months' }, ctx({ dateOfBirth: '2012-03-01' }));
      assert.equal(r.level.id, 'none');
      assert.deepEqual(triggerIds(r), []);
    });

    it('vulnerabilities alone are not signs of exploitation', () => {
      const r = score(ins, { vul1: 'now' }, ctx({ dateOfBirth: '2015-01-01' }));
      assert.equal(r.level.id, 'none');
      assert.deepEqual(triggerIds(r), []);
    });

    it('a recorded learning disability, or the indicator, applies the minimum', () => {
      assert.equal(score(ins, { low1: 'now' }, ctx({ learningDisability: true })).level.id, 'low');
      const byIndicator = score(ins, { low1: 'now', ld: 'now' });
      assert.equal(byIndicator.total, 3); // would be low anyway; the trigger still shows
      assert.deepEqual(triggerIds(byIndicator), ['t.ldmin']);
      assert.equal(score(ins, { low1: 'now' }, ctx({ learningDisability: false })).level.id, 'none');
    });

    it('protective factors cannot undo it', () => {
      const r = score(ins, { low1: 'now', pro1: 'now' }, ctx({ learningDisability: true }));
      assert.equal(r.total, 0);
      assert.equal(r.level.id, 'low');
    });
  });
});

describe('refusals', () => {
  it('refuses unknown indicator ids with a way to fix it', () => {
    const p = problemsOf(tryScore(ins, { nope: 'now' }));
    assert.equal(p[0]?.path, 'answers.indicators.nope');
    assert.match(p[0]?.message ?? '', /'nope' is not an indicator in 'tiny' version 3/);
  });

  it('refuses answers to retired indicators and names the replacement', () => {
    const p = problemsOf(tryScore(ins, { old_low: 'now' }));
    assert.match(p[0]?.message ?? '', /retired.*Answer 'low2' instead/);
  });

  it('refuses answers given against another version', () => {
    const r = scoreAssessment(ins, { instrumentId: 'tiny', instrumentVersion: 2, indicators: {} }, ctx());
    const p = problemsOf(r);
    assert.equal(p[0]?.path, 'answers.instrumentVersion');
    assert.match(p[0]?.message ?? '', /version 2, not 'tiny' version 3/);
    assert.equal(problemsOf(scoreAssessment(ins, { instrumentId: 'other', instrumentVersion: 3, indicators: {} }, ctx())).length, 1);
  });

  it('refuses answer values that are not allowed, and past windows on untimed indicators', () => {
    const p = problemsOf(tryScore(ins, { low1: 'yes' as never, vul1: 'last_6_months' }));
    assert.deepEqual(p.map((x) => x.path).sort(), ['answers.indicators.low1', 'answers.indicators.vul1']);
  });

  it('refuses impossible facts', () => {
    const p = problemsOf(
      tryScore(ins, {}, {
        assessedAt: '2025-03-01 10:00',
        dateOfBirth: '2012-02-30',
        missingEpisodes: [{ startedAt: 'yesterday' }],
        sexualActivity: 'maybe' as never,
      }),
    );
    assert.deepEqual(p.map((x) => x.path).sort(), [
      'context.assessedAt',
      'context.dateOfBirth',
      'context.missingEpisodes[0].startedAt',
      'context.sexualActivity',
    ]);
    const q = problemsOf(
      tryScore(ins, {}, ctx({ dateOfBirth: '2026-01-01', missingEpisodes: [{ startedAt: '2025-03-02T00:00:00Z' }, { startedAt: '2025-02-01T00:00:00Z', returnedAt: '2025-01-01T00:00:00Z' }] })),
    );
    assert.deepEqual(q.map((x) => x.path).sort(), ['context.dateOfBirth', 'context.missingEpisodes[0].startedAt', 'context.missingEpisodes[1].returnedAt']);
  });

  it('refuses input of the wrong shape without throwing', () => {
    assert.equal(problemsOf(scoreAssessment(ins, null as never, ctx()))[0]?.path, 'answers');
    assert.equal(problemsOf(scoreAssessment(ins, { instrumentId: 'tiny', instrumentVersion: 3, indicators: {} }, null as never))[0]?.path, 'context');
    assert.equal(problemsOf(scoreAssessment(ins, { instrumentId: 'tiny', instrumentVersion: 3, indicators: null as never }, ctx()))[0]?.path, 'answers.indicators');
  });

  it('refuses to score with an invalid instrument', () => {
    const bad = tinyInstrument();
    bad.scoring.cutOffs = [];
    const p = problemsOf(tryScore(bad, {}));
    assert.ok(p.every((x) => x.path.startsWith('instrument')));
    assert.match(p[0]?.message ?? '', /cannot be used until this is fixed/);
  });
});

describe('applyJudgement', () => {
  const computed = score(ins, { mid1: 'now', mid2: 'now' }); // mid

  it('accepts the same level without a reason', () => {
    const r = applyJudgement(computed, 'mid', '');
    assert.ok(r.ok);
    if (r.ok) {
      assert.equal(r.value.judgement.differs, false);
      assert.equal(r.value.judgement.reason, null);
      assert.equal(r.value.level.id, 'mid');
    }
  });

  it('requires a written reason when the level differs', () => {
    for (const reason of [undefined, null, '', '   ', 'too short']) {
      const r = applyJudgement(computed, 'high', reason);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.problems[0]?.path, 'reason');
        assert.match(r.problems[0]?.message ?? '', /Write down why/);
      }
    }
  });

  it('with a reason, the plan follows the assessor’s level and both levels are kept', () => {
    const r = applyJudgement(computed, 'high', '  Disclosed to school nurse today; escalating quickly.  ');
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.value.level.id, 'high');
    assert.equal(r.value.judgement.computedLevel.id, 'mid');
    assert.equal(r.value.judgement.reason, 'Disclosed to school nurse today; escalating quickly.');
    assert.deepEqual(r.value.recommendedActions.map((a) => a.id), ['h1']);
    assert.equal(r.value.reviewIntervalDays, 28);
    assert.equal(r.value.nextReviewDate, '2025-03-29');
    assert.ok(r.value.reasons.summary.at(-1)?.includes('rather than the calculated'));
    // Judging again keeps the original calculated level.
    const again = applyJudgement(r.value, 'mid', '');
    assert.ok(again.ok && again.value.judgement.computedLevel.id === 'mid' && !again.value.judgement.differs);
  });

  it('cannot go below a statutory minimum, even with a reason', () => {
    const young = score(ins, { low1: 'now' }, ctx({ dateOfBirth: '2013-05-01' }));
    assert.equal(young.level.id, 'low');
    const r = applyJudgement(young, 'none', 'Assessor thinks the concern was a misunderstanding.');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.problems[0]?.message ?? '', /cannot be below 'Low'.*Under 13 minimum/);
  });

  it('refuses a level that does not exist', () => {
    const r = applyJudgement(computed, 'severe', 'A reason long enough.');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.problems[0]?.message ?? '', /Choose one of: none, low, mid, high/);
  });
});
