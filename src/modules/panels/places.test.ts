/**
 * Places of concern on panels: referring a place (allowed only for a place the referrer may see,
 * by the intelligence module's rule), a panel member's access to the places on an issued agenda
 * for the same window as young people, the place's name on the agenda only for those who may see
 * it, and the place's case pack with C-handling intelligence sanitised for partners.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { findUserByEmail, loadSignedInUser, type SignedInUser } from '../../platform/auth/users.ts';
import { DEMO_TAKEAWAY } from '../intelligence/demo.ts';
import { findVisiblePlace } from '../intelligence/records.ts';
import { intelligenceEntries, intelligenceLinks, intelligenceSubjects, placesOfConcern } from '../intelligence/tables.ts';
import { findVisibleYoungPerson } from '../young-people/records.ts';
import { youngPeople } from '../young-people/tables.ts';
import { countRows, createTestLantern, signInAs, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { buildCasePack, casePackPdf } from './casepack.ts';
import { DEMO_PANEL_NAME } from './demo.ts';
import { agendaOf } from './queries.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { type ReferralInput } from './rules.ts';
import { addMember, buildAgenda, closeMeeting, createMeeting, createPanel, decideReferral, issueAgenda, recordAttendance, recordDecision, refer } from './service.ts';
import { panelReferrals, panels } from './tables.ts';

let lantern: TestLantern;
const people: Record<string, string> = {};
const users: Record<string, SignedInUser> = {};
const ctx = (user: SignedInUser): RequestContext => ({ actor: user, ip: null, requestId: 'panels-places-test' });
let takeaway: { id: string; number: number };

async function user(email: string): Promise<SignedInUser> {
  const row = await findUserByEmail(lantern.db, email);
  return (await loadSignedInUser(lantern.db, row!.id))!;
}

const placeReferral = (panelId: string, placeId: string): ReferralInput => ({ panelId, subjectKind: 'place', youngPersonId: null, peerGroupId: null, placeId, source: 'intelligence', reason: 'Young people seen there late at night', urgency: 'soon', youngPersonViews: null, familyViews: null });

before(async () => {
  lantern = await createTestLantern();
  for (const p of await lantern.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)) people[p.name!] = p.id;
  for (const name of ['coordinator', 'intelligence', 'police.officer', 'youth.worker', 'education.lead']) users[name] = await user(`${name}@northbridge.example`);
  const [row] = await lantern.db.select({ id: placesOfConcern.id, number: placesOfConcern.number }).from(placesOfConcern).where(eq(placesOfConcern.name, DEMO_TAKEAWAY));
  takeaway = row!;
});
after(() => lantern?.close());

describe('referring a place of concern', () => {
  let panelId = '';

  before(async () => {
    const [panel] = await lantern.db.select().from(panels).where(eq(panels.name, DEMO_PANEL_NAME));
    panelId = panel!.id;
  });

  it('is allowed for a place the referrer may see, and stores the place', async () => {
    const police = users['police.officer']!;
    assert.ok(await findVisiblePlace(lantern.db, police, takeaway.id), 'the officer raised a concern about Chloe at the takeaway');
    // The demo already has the takeaway waiting for a decision: a second referral is refused until confirmed.
    const unconfirmed = await refer(lantern.db, ctx(police), police, placeReferral(panelId, takeaway.id));
    assert.ok(!unconfirmed.ok && /This place already has an open referral/.test(unconfirmed.errors.acknowledgeOpenReferral ?? ''), JSON.stringify(unconfirmed));
    const result = await refer(lantern.db, ctx(police), police, { ...placeReferral(panelId, takeaway.id), acknowledgeOpenReferral: true });
    assert.ok(result.ok, JSON.stringify(result));
    const [stored] = await lantern.db.select().from(panelReferrals).where(eq(panelReferrals.id, result.value.id));
    assert.equal(stored!.subjectKind, 'place');
    assert.equal(stored!.placeId, takeaway.id);
    assert.equal(stored!.youngPersonId, null);
  });

  it('is refused as not found for a place the referrer may not see, or that does not exist, and stores nothing', async () => {
    const youth = users['youth.worker']!;
    assert.equal(await findVisiblePlace(lantern.db, youth, takeaway.id), null);
    const before = await countRows(lantern.db, 'panel_referrals');
    for (const placeId of [takeaway.id, '00000000-0000-4000-8000-000000000001']) {
      const result = await refer(lantern.db, ctx(youth), youth, placeReferral(panelId, placeId));
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.kind, 'not_found');
      assert.match(!result.ok ? result.errors.placeId! : '', /There is no place of concern with this reference that you can see/);
    }
    assert.equal(await countRows(lantern.db, 'panel_referrals'), before);
  });

  it('through the form: from the place page, by its reference, and refused with a GOV.UK message', async () => {
    const police = await signInAs(lantern.app, 'police.officer@northbridge.example');
    const placePage = await police.get(`/intelligence/places/${takeaway.id}`);
    assert.match(placePage.body, new RegExp(`/panels/referrals/new\\?placeId=${takeaway.id}`));
    const form = await police.get(`/panels/referrals/new?placeId=${takeaway.id}`);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`${DEMO_TAKEAWAY} \\(P-${takeaway.number}\\)`));
    const byReference = await police.get('/panels/referrals/new?subject=place');
    assert.match(byReference.text, /Reference of the place of concern/);
    const fields = { panelId, subjectKind: 'place', source: 'intelligence', reason: 'Seen there late at night', urgency: 'soon' };
    const badReference = await police.post('/panels/referrals', { ...fields, placeReference: 'the takeaway' });
    assert.equal(badReference.status, 400);
    assert.ok(badReference.errors.some((e) => /Enter the reference of the place of concern/.test(e)), JSON.stringify(badReference.errors));
    const sent = await police.post('/panels/referrals', { ...fields, placeReference: `p-${takeaway.number}`, acknowledgeOpenReferral: 'yes' });
    assert.equal(sent.status, 303);
    const referral = await police.get(sent.location!);
    assert.match(referral.text, new RegExp(`${DEMO_TAKEAWAY} \\(P-${takeaway.number}\\)`));

    const youth = await signInAs(lantern.app, 'youth.worker@northbridge.example');
    assert.equal((await youth.get(`/panels/referrals/new?placeId=${takeaway.id}`)).status, 404);
    const before = await countRows(lantern.db, 'panel_referrals');
    const unseen = await youth.post('/panels/referrals', { ...fields, placeReference: `P-${takeaway.number}` });
    assert.equal(unseen.status, 404);
    assert.ok(unseen.errors.some((e) => /There is no place of concern with this reference that you can see/.test(e)), JSON.stringify(unseen.errors));
    const hidden = await youth.post('/panels/referrals', { ...fields, placeId: takeaway.id });
    assert.equal(hidden.status, 404);
    assert.doesNotMatch(hidden.text, new RegExp(DEMO_TAKEAWAY));
    assert.equal(await countRows(lantern.db, 'panel_referrals'), before, 'nothing stored');
  });

  it('through the API: a place is one of the three subjects', async () => {
    const token = async (email: string) => (await createApiToken(lantern.db, { actor: null, ip: null, requestId: 'test' }, await userIdByEmail(lantern.db, email), 'test')).token;
    const post = async (email: string, payload: Record<string, unknown>) =>
      lantern.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${await token(email)}` }, payload });
    const body = { panelId, source: 'intelligence', reason: 'Seen there late at night', urgency: 'soon' };
    const warned = await post('police.officer@northbridge.example', { ...body, placeId: takeaway.id });
    assert.equal(warned.statusCode, 409, 'the takeaway already has open referrals');
    const created = await post('police.officer@northbridge.example', { ...body, placeId: takeaway.id, acknowledgeOpenReferral: true });
    assert.equal(created.statusCode, 201, created.body);
    assert.ok((created.json() as { alsoOpen: unknown[] }).alsoOpen.length >= 1, 'the answer lists the open referrals');
    const before = await countRows(lantern.db, 'panel_referrals');
    assert.equal((await post('youth.worker@northbridge.example', { ...body, placeId: takeaway.id })).statusCode, 404);
    assert.equal((await post('police.officer@northbridge.example', { ...body, placeId: takeaway.id, youngPersonId: people.Chloe })).statusCode, 400);
    assert.equal(await countRows(lantern.db, 'panel_referrals'), before);
  });
});

describe('a place on an agenda', () => {
  let panelId = '';
  let meetingId = '';
  let place = { id: '', number: 0 };
  let unseenPerson = '';
  const FULL = 'A named adult collects girls from the shelter in a blue van; the caller is a neighbour who can be identified.';
  const SANITISED = 'Reports of an adult collecting girls from the shelter by van.';
  const CONDITIONS = 'Police and children’s social care only; not to be put to the adult or used in court.';

  before(async () => {
    const coordinator = users.coordinator!;
    const officer = users.intelligence!;
    const youth = users['youth.worker']!;
    const panel = await createPanel(lantern.db, ctx(coordinator), coordinator, { name: 'Canal location conference', kind: 'location_conference', chairAgencyId: null, meetsEveryDays: 28, accessAfterCloseDays: 0 });
    assert.ok(panel.ok, JSON.stringify(panel));
    panelId = panel.value;
    assert.ok((await addMember(lantern.db, ctx(coordinator), coordinator, panelId, youth.userId, false)).ok);
    const meeting = await createMeeting(lantern.db, ctx(coordinator), coordinator, panelId, londonToday());
    assert.ok(meeting.ok);
    meetingId = meeting.value;
    // A place nobody but officers may see, linked to a young person neither the youth worker nor the education lead may open.
    const [row] = await lantern.db.insert(placesOfConcern).values({ areaId: coordinator.areaId, kind: 'other', name: 'Canal towpath shelter', town: 'Northbridge', openingHours: 'Always open', createdByUserId: officer.userId }).returning();
    place = { id: row!.id, number: row!.number };
    for (const id of Object.values(people)) {
      if (!(await findVisibleYoungPerson(lantern.db, youth, id)) && !(await findVisibleYoungPerson(lantern.db, users['education.lead']!, id))) {
        unseenPerson = id;
        break;
      }
    }
    assert.ok(unseenPerson);
    await lantern.db.insert(intelligenceLinks).values({ areaId: coordinator.areaId, placeId: place.id, youngPersonId: unseenPerson, linkKind: 'seen_at', recordedByUserId: officer.userId });
    const [entry] = await lantern.db
      .insert(intelligenceEntries)
      .values({ areaId: coordinator.areaId, text: FULL, sanitisedText: SANITISED, sourceKind: 'member_of_public', receivedOn: addDays(londonToday(), -3), sourceGrade: '2', intelligenceGrade: 'B', handling: 'C', handlingConditions: CONDITIONS, recordedByUserId: officer.userId, recordedByAgencyId: officer.agencyId })
      .returning();
    await lantern.db.insert(intelligenceSubjects).values({ entryId: entry!.id, placeId: place.id });
  });

  it('a member sees the place from the agenda’s issue until the minutes close plus the access period, with its name', async () => {
    const coordinator = users.coordinator!;
    const youth = users['youth.worker']!;
    const outsider = users['education.lead']!;
    const referral = await refer(lantern.db, ctx(coordinator), coordinator, placeReferral(panelId, place.id));
    assert.ok(referral.ok, JSON.stringify(referral));
    assert.ok((await decideReferral(lantern.db, ctx(coordinator), coordinator, referral.value.id, 'accept', '')).ok);
    assert.ok((await buildAgenda(lantern.db, ctx(coordinator), coordinator, meetingId)).ok);
    assert.equal(await findVisiblePlace(lantern.db, youth, place.id), null, 'not before the agenda is issued');
    assert.ok((await issueAgenda(lantern.db, ctx(coordinator), coordinator, meetingId)).ok);
    assert.ok(await findVisiblePlace(lantern.db, youth, place.id), 'a member sees the place on the issued agenda');
    assert.equal(await findVisiblePlace(lantern.db, outsider, place.id), null, 'someone not on the panel does not');
    const [item] = await agendaOf(lantern.db, youth, meetingId);
    assert.equal(item!.subject_name, 'Canal towpath shelter');
    assert.equal(item!.subject_reference, `P-${place.number}`);
    const [unnamed] = await agendaOf(lantern.db, outsider, meetingId);
    assert.equal(unnamed!.subject_name, null, 'named only for those who may see the place');
  });

  it('its case pack: details as the reader may see them, linked young people counted, C-handling intelligence sanitised for a partner and full for the officer', async () => {
    const youth = users['youth.worker']!;
    const officer = users.intelligence!;
    const [item] = await agendaOf(lantern.db, youth, meetingId);
    const context = { panelName: 'Canal location conference', meetsOn: londonToday() };
    const forMember = await buildCasePack(lantern.db, youth, context, item!);
    assert.ok(forMember?.place);
    assert.equal(forMember.people.length, 0);
    const section = (id: string, pack = forMember) => pack.place!.sections.find((s) => s.id === id)!;
    const text = (id: string, pack = forMember) => section(id, pack).lines.map((l) => `${l.when ?? ''} ${l.text}`).join('\n');
    assert.doesNotMatch(text('place'), /Always open/, 'opening hours are for officers');
    assert.match(text('people'), /1 other young person is linked to this place whose records you may not open/);
    assert.deepEqual(forMember.place.youngPersonIds, []);
    assert.match(text('intelligence'), new RegExp(SANITISED));
    assert.doesNotMatch(JSON.stringify(forMember), /blue van/, 'the full text never reaches a partner');
    assert.match(text('intelligence'), /sanitised version/);
    assert.ok(text('intelligence').includes(`Handling conditions: ${CONDITIONS}`), 'the conditions travel with the sanitised text');
    assert.doesNotMatch(JSON.stringify(forMember), /member of the public/i, 'nor does the kind of source');

    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(await casePackPdf(forMember)), standardFontDataUrl: path.join(process.cwd(), 'node_modules/pdfjs-dist/standard_fonts/') }).promise;
    let pdfText = '';
    for (let n = 1; n <= pdf.numPages; n++) pdfText += (await (await pdf.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    assert.match(pdfText, /Canal towpath shelter/);
    assert.match(pdfText, /Intelligence about the place/);
    assert.doesNotMatch(pdfText, /blue van/);

    const forOfficer = await buildCasePack(lantern.db, officer, context, item!);
    assert.match(text('place', forOfficer!), /Always open/);
    assert.match(text('intelligence', forOfficer!), /blue van/);
    assert.equal(forOfficer!.place!.youngPersonIds.length, 1, 'the officer sees the linked young person by name');
    assert.doesNotMatch(text('people', forOfficer!), /other young/);
  });

  it('the member loses the place when the minutes close (no access period)', async () => {
    const coordinator = users.coordinator!;
    const youth = users['youth.worker']!;
    const [item] = await agendaOf(lantern.db, coordinator, meetingId);
    assert.ok((await recordAttendance(lantern.db, ctx(coordinator), coordinator, meetingId, [{ userId: youth.userId, status: 'present' }])).ok);
    const decided = await recordDecision(lantern.db, ctx(coordinator), coordinator, meetingId, item!.id, { notes: null, levelAgreed: null, plan: 'Licensing and patrols at the shelter', disruption: 'Ask the canal trust to light the towpath', childProtectionReferral: false, nextReviewOn: addDays(londonToday(), 28) }, []);
    assert.ok(decided.ok, JSON.stringify(decided));
    assert.ok((await closeMeeting(lantern.db, ctx(coordinator), coordinator, meetingId)).ok);
    assert.equal(await findVisiblePlace(lantern.db, youth, place.id), null);
    const [after] = await agendaOf(lantern.db, youth, meetingId);
    assert.equal(after!.subject_name, null);
    const audited = await countRows(lantern.db, 'audit_events', sql`record_kind = 'panel_referral' and action = 'create' and details->>'placeId' = ${place.id}`);
    assert.equal(audited, 1);
    assert.equal((await lantern.db.select().from(panelReferrals).where(and(eq(panelReferrals.placeId, place.id), eq(panelReferrals.status, 'accepted')))).length, 1);
  });
});
