/**
 * The coordinator's forms for a draft instrument whose fields are named after the draft itself
 * (a cut-off and a review per level, a row per action): what is typed is read, checked and kept,
 * a mistake is shown beside its field with the typed value, and a form of the wrong shape is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { areas } from '../organisation/tables.ts';
import { createTestLantern, signInAs, textOf, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { draftVersion } from './versions.ts';

describe('the draft instrument’s scoring and actions forms', () => {
  let lantern: TestLantern;
  let coordinator: TestClient;
  let areaId: string;

  before(async () => {
    lantern = await createTestLantern();
    areaId = (await lantern.db.select({ id: areas.id }).from(areas))[0]!.id;
    coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    assert.equal((await coordinator.post('/risk/instrument/draft')).status, 303);
  });
  after(() => lantern.close());

  /** The scoring form as the draft would send it back unchanged. */
  async function scoringAsShown(): Promise<Record<string, string>> {
    const page = await coordinator.get('/risk/instrument/draft/scoring');
    assert.equal(page.status, 200);
    const checked = /name="method" type="radio" value="([^"]+)" checked/.exec(page.body)?.[1];
    return {
      ...Object.fromEntries([...page.body.matchAll(/name="((?:cutOff|review|signs)-[^"]+|maxProtectiveReduction)"[^>]*?value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!])),
      ...(checked ? { method: checked } : {}),
    };
  }

  it('keeps new cut-offs and shows a mistake beside its field with what was typed', async () => {
    const draft = (await draftVersion(lantern.db, areaId))!;
    const [firstCut] = draft.instrument.scoring.cutOffs;
    const form = await scoringAsShown();
    assert.equal(form[`cutOff-${firstCut!.level}`], String(firstCut!.minTotal));

    const wrong = await coordinator.post('/risk/instrument/draft/scoring', { ...form, [`cutOff-${firstCut!.level}`]: ' two ' });
    assert.equal(wrong.status, 400);
    assert.match(textOf(wrong.body), /must be a whole number, like 3/);
    assert.match(wrong.body, /value="two"/, 'the typed value is shown again, without its spaces');

    const saved = await coordinator.post('/risk/instrument/draft/scoring', { ...form, maxProtectiveReduction: ' 2 ' });
    assert.equal(saved.status, 303);
    assert.equal((await draftVersion(lantern.db, areaId))!.instrument.scoring.maxProtectiveReduction, 2);
  });

  it('decides the level by signs, with the number of signs per level the area sets, refusing a number that is not one', async () => {
    const form = await scoringAsShown();
    assert.equal(form.method, 'signs', 'the shipped default decides by signs');
    assert.equal(form['signs-entrenched'], '1');
    const wrong = await coordinator.post('/risk/instrument/draft/scoring', { ...form, 'signs-entrenched': '0', method: '' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body, /class="govuk-error-summary"/);
    assert.match(textOf(wrong.body), /Select how the level is decided/);
    assert.match(textOf(wrong.body), /The number of signs that make ‘Entrenched’ must be 1 or more|signs that make ‘Entrenched’/);
    assert.equal((await draftVersion(lantern.db, areaId))!.instrument.scoring.signsNeeded?.entrenched, 1, 'nothing saved');
    const saved = await coordinator.post('/risk/instrument/draft/scoring', { ...form, 'signs-entrenched': '2' });
    assert.equal(saved.status, 303);
    assert.equal((await draftVersion(lantern.db, areaId))!.instrument.scoring.signsNeeded?.entrenched, 2);
    const draftPage = textOf((await coordinator.get('/risk/instrument/draft')).body);
    assert.match(draftPage, /2 signs of ‘Entrenched’/);
    assert.match(draftPage, /A sign of ‘At risk’ or above/);
  });

  it('adds an action to a level from the blank rows and refuses a form of the wrong shape', async () => {
    const draft = (await draftVersion(lantern.db, areaId))!;
    const level = draft.instrument.levels[1]!;
    const before = draft.instrument.actionsByLevel[level.id] ?? [];
    const rows = before.map((a, i) => ({ [`action-${i}-id`]: a.id, [`action-${i}-text`]: a.text, [`action-${i}-lead`]: a.lead ?? '', [`action-${i}-withinDays`]: a.withinDays ? String(a.withinDays) : '' }));
    const next = before.length;
    const form = Object.assign({ rows: String(next + 1), [`action-${next}-text`]: 'Talk to the young person about where they go after school', [`action-${next}-withinDays`]: '5' }, ...rows);

    const saved = await coordinator.post(`/risk/instrument/draft/actions/${level.id}`, form);
    assert.equal(saved.status, 303);
    const after = (await draftVersion(lantern.db, areaId))!.instrument.actionsByLevel[level.id]!;
    assert.equal(after.length, before.length + 1);
    assert.deepEqual({ text: after.at(-1)!.text, withinDays: after.at(-1)!.withinDays }, { text: 'Talk to the young person about where they go after school', withinDays: 5 });

    const missingText = await coordinator.post(`/risk/instrument/draft/actions/${level.id}`, { ...form, [`action-${next}-text`]: '' });
    assert.equal(missingText.status, 400);
    assert.match(textOf(missingText.body), new RegExp(`Enter what should be done \\(action ${next + 1}\\)`));

    const twoNotes = await coordinator.post('/risk/instrument/draft/publish', { changeNote: ['one', 'two'] });
    assert.equal(twoNotes.status, 400);
    assert.match(textOf(twoNotes.body), /There is a problem/);
    assert.ok(await draftVersion(lantern.db, areaId), 'nothing was published');
  });
});
