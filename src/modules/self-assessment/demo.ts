/**
 * The demo's self-assessment for Northbridge: last year rated in full and signed off, this year in
 * progress with some standards rated and actions planned, so the board can compare the two.
 */
import type { Db } from '../../platform/db/database.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { loadSignedInUser } from '../../platform/auth/users.ts';
import type { DemoArea } from '../../platform/modules.ts';
import { addDays, londonToday, now } from '../../platform/time.ts';
import { addAction, rateStandard, signOff, startAssessment } from './service.ts';
import { DEFAULT_STANDARDS, type Rating } from './vocab.ts';

const LAST_YEAR: Record<string, Rating> = { 'training-1': 'developing', 'missing-1': 'developing', 'voice-1': 'not_started', 'panel-2': 'established', 'strategy-1': 'established' };
const THIS_YEAR: Array<[string, Rating, string]> = [
  ['strategy-1', 'embedded', 'The strategy was renewed in the spring and signed by all eight agencies; the board reviews it each September.'],
  ['training-1', 'developing', 'Coverage has grown, but housing has had no training and schools rely on two providers giving the same course.'],
  ['missing-1', 'established', 'Harbour now offers every return interview; the figure below shows how many were offered in time.'],
  ['voice-1', 'developing', 'A young people’s group met twice this year; its views are now a standing item at the sub-group.'],
];

function expect(outcome: { ok: boolean }, what: string) {
  if (!outcome.ok) throw new Error(`The demo ${what} was refused: ${JSON.stringify(outcome)}`);
}

export async function seedDemoSelfAssessment(tx: Db, area: DemoArea): Promise<void> {
  const ctx: RequestContext = { actor: null, ip: null, requestId: 'demo-seed' };
  const lead = (await loadSignedInUser(tx, area.userIds.get('partnership.lead@northbridge.example') ?? area.userIds.get('coordinator@northbridge.example')!))!;
  const today = londonToday(now());
  const thisYear = Number(today.slice(0, 4));
  const lastYear = thisYear - 1;
  expect(await startAssessment(tx, ctx, lead, String(lastYear)), 'assessment');
  for (const s of DEFAULT_STANDARDS) expect(await rateStandard(tx, ctx, lead, lastYear, s.id, { rating: LAST_YEAR[s.id] ?? 'developing', evidence: 'Rated at the sub-group’s annual review.' }), 'rating');
  expect(await signOff(tx, ctx, lead, lastYear), 'sign-off');
  expect(await startAssessment(tx, ctx, lead, String(thisYear)), 'assessment');
  for (const [id, rating, evidence] of THIS_YEAR) expect(await rateStandard(tx, ctx, lead, thisYear, id, { rating, evidence }), 'rating');
  expect(await addAction(tx, ctx, lead, thisYear, 'training-1', { description: 'Give housing officers the multi-agency awareness course.', ownerAgencyId: area.agencyIds.get('housing')!, dueOn: addDays(today, 60), status: 'not_started' }), 'action');
  expect(await addAction(tx, ctx, lead, thisYear, 'training-1', { description: 'Agree one schools course with both providers.', ownerAgencyId: area.agencyIds.get('education')!, dueOn: addDays(today, -10), status: 'in_progress' }), 'action');
  expect(await addAction(tx, ctx, lead, thisYear, 'missing-1', { description: 'Report return interviews offered late to the sub-group each quarter.', ownerAgencyId: area.agencyIds.get('harbour')!, dueOn: addDays(today, 30), status: 'in_progress' }), 'action');
}
