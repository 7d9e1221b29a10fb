import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDefaultInstrument } from './default-instrument.ts';
import { tinyInstrument } from './testing.ts';
import type { Instrument } from './types.ts';
import { validateInstrument } from './validate.ts';

/** Applies `edit` to a fresh tiny instrument and returns its problems. */
function problems(edit: (i: Instrument) => void, base: () => Instrument = tinyInstrument): { path: string; message: string }[] {
  const ins = base();
  edit(ins);
  const r = validateInstrument(ins);
  assert.equal(r.ok, false, 'expected the instrument to be refused');
  return r.ok ? [] : r.problems;
}

function expectProblem(edit: (i: Instrument) => void, path: string, message: RegExp): void {
  const found = problems(edit);
  assert.ok(
    found.some((p) => p.path === path && message.test(p.message)),
    `expected a problem at ${path} matching ${message}; got ${JSON.stringify(found, null, 1)}`,
  );
}

describe('validateInstrument accepts', () => {
  it('the default instrument', () => {
    assert.deepEqual(validateInstrument(createDefaultInstrument()), { ok: true });
  });

  it('the tiny test instrument', () => {
    assert.deepEqual(validateInstrument(tinyInstrument()), { ok: true });
  });

  it('a round trip through JSON', () => {
    assert.deepEqual(validateInstrument(JSON.parse(JSON.stringify(createDefaultInstrument()))), { ok: true });
  });
});

describe('validateInstrument refuses', () => {
  it('something that is not an instrument', () => {
    for (const v of [null, 'x', 3, []]) assert.equal(validateInstrument(v).ok, false);
  });

  it('metadata: missing id, bad version, unknown status', () => {
    const p = problems((i) => {
      i.id = ' ';
      i.version = 1.5;
      (i as { status: string }).status = 'live';
    });
    assert.deepEqual(p.map((x) => x.path), ['id', 'version', 'status']);
  });

  it('cut-offs out of order', () => {
    expectProblem(
      (i) => {
        i.scoring.cutOffs = [
          { level: 'low', minTotal: 3 },
          { level: 'mid', minTotal: 15 },
          { level: 'high', minTotal: 14 },
        ];
      },
      'scoring.cutOffs[2].minTotal',
      /out of order: 'high' \(14\) must need a higher total than 'mid' \(15\)/,
    );
  });

  it('equal cut-offs', () => {
    expectProblem((i) => { i.scoring.cutOffs[1] = { level: 'mid', minTotal: 3 }; }, 'scoring.cutOffs[1].minTotal', /out of order/);
  });

  it('a cut-off for an unknown level, a missing cut-off, a duplicate, one on the lowest level, and non-numbers', () => {
    expectProblem((i) => { i.scoring.cutOffs[0] = { level: 'lo', minTotal: 3 }; }, 'scoring.cutOffs[0].level', /level 'lo', which does not exist/);
    expectProblem((i) => { i.scoring.cutOffs.pop(); }, 'scoring.cutOffs', /'high' has no cut-off/);
    expectProblem((i) => { i.scoring.cutOffs.push({ level: 'mid', minTotal: 9 }); }, 'scoring.cutOffs[3].level', /more than one cut-off/);
    expectProblem((i) => { i.scoring.cutOffs.push({ level: 'none', minTotal: 1 }); }, 'scoring.cutOffs[3].level', /needs no cut-off/);
    expectProblem((i) => { (i.scoring.cutOffs[0] as { minTotal: unknown }).minTotal = '3'; }, 'scoring.cutOffs[0].minTotal', /must be a number/);
    expectProblem((i) => { i.scoring.cutOffs[0] = { level: 'low', minTotal: 0 }; }, 'scoring.cutOffs[0].minTotal', /above 0/);
    expectProblem((i) => { i.scoring.maxProtectiveReduction = -1; }, 'scoring.maxProtectiveReduction', /0 or more, or null/);
  });

  it('actions for a level that does not exist, or no actions for a level', () => {
    expectProblem((i) => { i.actionsByLevel.severe = [{ id: 's', text: 'x' }]; }, 'actionsByLevel.severe', /level 'severe', which does not exist/);
    expectProblem((i) => { delete i.actionsByLevel.mid; }, 'actionsByLevel.mid', /no recommended actions/);
    expectProblem((i) => { i.actionsByLevel.mid = [{ id: 'm1', text: ' ' }]; }, 'actionsByLevel.mid[0].text', /no text/);
    expectProblem((i) => { i.actionsByLevel.mid = [{ id: 'm1', text: 'a' }, { id: 'm1', text: 'b' }]; }, 'actionsByLevel.mid[1].id', /used twice/);
  });

  it('review intervals for unknown levels, missing, not whole days, or longer for higher risk', () => {
    expectProblem((i) => { i.reviewIntervalDays.severe = 7; }, 'reviewIntervalDays.severe', /level 'severe', which does not exist/);
    expectProblem((i) => { delete i.reviewIntervalDays.high; }, 'reviewIntervalDays.high', /no review interval/);
    expectProblem((i) => { i.reviewIntervalDays.high = null; }, 'reviewIntervalDays.high', /only the lowest level may have none/);
    expectProblem((i) => { i.reviewIntervalDays.high = 2.5; }, 'reviewIntervalDays.high', /whole number of days/);
    expectProblem((i) => { i.reviewIntervalDays.high = 60; }, 'reviewIntervalDays.high', /less often \(60 days\) than the lower level 'mid' \(42 days\)/);
  });

  it('a trigger on an unknown indicator', () => {
    expectProblem(
      (i) => {
        const t = i.triggers.find((x) => x.kind === 'significant_harm');
        if (t?.kind === 'significant_harm' && t.whenAnyPresent) t.whenAnyPresent.indicatorIds = ['mid9'];
      },
      'triggers[4].whenAnyPresent.indicatorIds[0]',
      /indicator 'mid9', which does not exist/,
    );
    expectProblem(
      (i) => {
        const t = i.triggers.find((x) => x.kind === 'looked_after_missing');
        if (t?.kind === 'looked_after_missing') t.missingIndicatorIds = ['gone'];
      },
      'triggers[3].missingIndicatorIds[0]',
      /'gone', which does not exist/,
    );
  });

  it('a trigger on a retired indicator, naming its replacement', () => {
    expectProblem(
      (i) => {
        const t = i.triggers.find((x) => x.kind === 'minimum_level' && x.condition.kind === 'learning_disability');
        if (t?.kind === 'minimum_level' && t.condition.kind === 'learning_disability') t.condition.indicatorIds = ['old_low'];
      },
      'triggers[6].condition.indicatorIds[0]',
      /'old_low', which is retired in this version\. Use its replacement 'low2' instead/,
    );
  });

  it('trigger settings that make no sense', () => {
    expectProblem((i) => { (i.triggers[0] as { kind: string }).kind = 'bad_weather'; }, 'triggers[0].kind', /not known/);
    expectProblem((i) => { const t = i.triggers[3]; if (t?.kind === 'looked_after_missing') t.withinHours = 0; }, 'triggers[3].withinHours', /above 0/);
    expectProblem((i) => { const t = i.triggers[1]; if (t?.kind === 'under_age_penetrative_sex') t.ageUnder = 30; }, 'triggers[1].ageUnder', /between 1 and 18/);
    expectProblem((i) => { const t = i.triggers[5]; if (t?.kind === 'minimum_level') t.atLeast = 'medium'; }, 'triggers[5].atLeast', /'medium', which does not exist/);
    expectProblem((i) => { const t = i.triggers[4]; if (t?.kind === 'significant_harm') t.whenLevelAtLeast = 'top'; }, 'triggers[4].whenLevelAtLeast', /'top'/);
    expectProblem((i) => { (i.triggers[0] as { whatToDo: string }).whatToDo = ''; }, 'triggers[0].whatToDo', /must say what to do/);
    expectProblem((i) => { (i.triggers[2] as { id: string }).id = 't.danger'; }, 'triggers[2].id', /used twice/);
  });

  it('a floor rule on an unknown or retired indicator, level, group or strand', () => {
    expectProblem((i) => { i.floorRules[0]!.when.select = { indicatorIds: ['x1'] }; }, 'floorRules[0].when.select.indicatorIds[0]', /'x1', which does not exist/);
    expectProblem((i) => { i.floorRules[0]!.when.select = { indicatorIds: ['old_low'] }; }, 'floorRules[0].when.select.indicatorIds[0]', /retired/);
    expectProblem((i) => { i.floorRules[0]!.when.select = { pointsTo: 'severe' }; }, 'floorRules[0].when.select.pointsTo', /'severe'/);
    expectProblem((i) => { i.floorRules[0]!.when.select = { groupIds: ['nogroup'] }; }, 'floorRules[0].when.select.groupIds[0]', /'nogroup'/);
    expectProblem((i) => { i.floorRules[0]!.when.select = { strand: 'radio' }; }, 'floorRules[0].when.select.strand', /'radio'/);
    expectProblem((i) => { i.floorRules[0]!.when.select = {}; }, 'floorRules[0].when.select', /at least one of/);
    expectProblem((i) => { i.floorRules[0]!.effect = { kind: 'at_least', level: 'severe' }; }, 'floorRules[0].effect.level', /'severe'/);
  });

  it('a floor rule that can never apply', () => {
    expectProblem((i) => { i.floorRules[1]!.when.minCount = 4; }, 'floorRules[1].when.select', /needs 4 indicator\(s\) present but only 3 active/);
    expectProblem((i) => { i.floorRules[1]!.when.minCount = 0; }, 'floorRules[1].when.minCount', /1 or more/);
    expectProblem((i) => { i.floorRules[0]!.effect = { kind: 'raise_by', steps: 0 }; }, 'floorRules[0].effect.steps', /1 or more/);
    expectProblem((i) => { i.floorRules[1]!.effect = { kind: 'at_least', level: 'none' }; }, 'floorRules[1].effect.level', /no effect/);
  });

  it('time windows that skip a more recent period', () => {
    expectProblem((i) => { i.floorRules[1]!.when.windows = ['last_6_months']; }, 'floorRules[1].when.windows', /not the more recent now/);
    expectProblem((i) => { i.floorRules[1]!.when.windows = []; }, 'floorRules[1].when.windows', /at least one/);
    expectProblem((i) => { i.floorRules[1]!.when.windows = ['now', 'soon' as never]; }, 'floorRules[1].when.windows[1]', /not a time window/);
  });

  it('duplicate ids', () => {
    expectProblem((i) => { i.indicators[1]!.id = 'low1'; }, 'indicators[1].id', /'low1' is used twice/);
    expectProblem((i) => { i.protectiveFactors[0]!.id = 'mid1'; }, 'protectiveFactors[0].id', /already used/);
    expectProblem((i) => { i.levels[1]!.id = 'none'; }, 'levels[1].id', /used twice/);
    expectProblem((i) => { i.groups[1]!.id = 'signs'; }, 'groups[1].id', /used twice/);
    expectProblem((i) => { i.floorRules[1]!.id = 'raise_on_high_now'; }, 'floorRules[1].id', /used twice/);
  });

  it('missing or duplicated wording', () => {
    expectProblem((i) => { i.indicators[0]!.wording = ''; }, 'indicators[0].wording', /no wording/);
    expectProblem((i) => { i.indicators[1]!.wording = 'low SIGN one'; }, 'indicators[1].wording', /same wording as 'low1'/);
    expectProblem((i) => { i.protectiveFactors[0]!.wording = '  '; }, 'protectiveFactors[0].wording', /no wording/);
    expectProblem((i) => { i.levels[0]!.label = ''; }, 'levels[0].label', /needs a label/);
  });

  it('weights that are not numbers, negative, or grow with age', () => {
    expectProblem((i) => { (i.indicators[0]!.weights as Record<string, unknown>).now = 'two'; }, 'indicators[0].weights.now', /must be a number \(got 'two'\)/);
    expectProblem((i) => { (i.indicators[0]!.weights as Record<string, unknown>).now = Number.NaN; }, 'indicators[0].weights.now', /must be a number/);
    expectProblem((i) => { i.indicators[7]!.weights = { timed: false, present: -1 }; }, 'indicators[7].weights.present', /negative/);
    expectProblem((i) => { i.indicators[2]!.weights = { timed: true, now: 2, last6Months: 3, sixTo12Months: 1 }; }, 'indicators[2].weights', /must not grow with age/);
    expectProblem((i) => { (i.indicators[2] as { weights: unknown }).weights = { now: 1 }; }, 'indicators[2].weights', /needs weights/);
    expectProblem((i) => { i.protectiveFactors[0]!.weight = 2; }, 'protectiveFactors[0].weight', /must have a negative weight/);
  });

  it('indicators pointing at unknown levels, groups, strands or kinds', () => {
    expectProblem((i) => { i.indicators[0]!.pointsTo = 'swapped'; }, 'indicators[0].pointsTo', /'swapped', which does not exist/);
    expectProblem((i) => { i.indicators[0]!.groupId = 'nowhere'; }, 'indicators[0].groupId', /'nowhere', which does not exist/);
    expectProblem((i) => { i.indicators[0]!.strand = 'radio'; }, 'indicators[0].strand', /'radio', which does not exist/);
    expectProblem((i) => { (i.indicators[0] as { kind: string }).kind = 'other'; }, 'indicators[0].kind', /kind 'other'/);
  });

  it('replacements that are not valid', () => {
    expectProblem((i) => { i.indicators[0]!.replacedBy = 'low2'; }, 'indicators[0].replacedBy', /not retired/);
    expectProblem((i) => { i.indicators[9]!.replacedBy = 'old_low'; }, 'indicators[9].replacedBy', /cannot replace itself/);
    expectProblem((i) => { i.indicators[9]!.replacedBy = 'ghost'; }, 'indicators[9].replacedBy', /'ghost', which does not exist/);
  });

  it('an instrument with every indicator retired', () => {
    expectProblem((i) => { for (const x of i.indicators) x.retired = true; }, 'indicators', /no active indicators/);
  });

  it('strands relabelling unknown levels, and judgement options with unknown levels', () => {
    expectProblem((i) => { i.strands[1]!.levelLabels = { selling: 'Selling' }; }, 'strands[1].levelLabels.selling', /'selling', which does not exist/);
    expectProblem((i) => { i.judgementSections[0]!.options[1]!.atLeast = 'severe'; }, 'judgementSections[0].options[1].atLeast', /'severe'/);
    expectProblem((i) => { i.judgementSections[0]!.options = []; }, 'judgementSections[0].options', /at least one option/);
  });

  it('fewer than two levels', () => {
    expectProblem((i) => { i.levels = [i.levels[0]!]; }, 'levels', /at least two levels/);
  });

  it('and reports every problem at once', () => {
    const p = problems((i) => {
      i.indicators[0]!.wording = '';
      i.scoring.cutOffs[2]!.minTotal = 1;
      i.actionsByLevel.nope = [];
    });
    assert.equal(p.length, 3);
  });

  it('also on the default instrument after an area edit', () => {
    const p = problems((i) => {
      const old = i.indicators.find((x) => x.id === 'en.known_abusers')!;
      old.retired = true;
    }, createDefaultInstrument);
    // The significant-harm trigger still points at it; the message says what to do.
    assert.ok(p.some((x) => /en\.known_abusers', which is retired/.test(x.message) && x.path.startsWith('triggers[')));
  });
});
