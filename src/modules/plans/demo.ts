/**
 * The demo's strategy meeting, tasks and court-support plan for Chloe Barnes, made through the
 * same services as the pages (so they carry chronology entries, team changes and audit rows).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { loadSignedInUser } from '../../platform/auth/users.ts';
import type { DemoArea } from '../../platform/modules.ts';
import { addDays, londonInstant, londonToday } from '../../platform/time.ts';
import { youngPeople } from '../young-people/tables.ts';
import { recordStrategyMeeting } from './service.ts';
import { saveCourtSupport } from './court-support.ts';

export async function seedDemoPlans(tx: Db, area: DemoArea): Promise<void> {
  const ctx: RequestContext = { actor: null, ip: null, requestId: 'demo-seed' };
  const [chloe] = await tx.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.areaId, area.areaId), eq(youngPeople.givenName, 'Chloe'), eq(youngPeople.familyName, 'Barnes')));
  if (!chloe) return;
  const coordinator = (await loadSignedInUser(tx, area.userIds.get('coordinator@northbridge.example')!))!;
  const today = londonToday();
  const meeting = await recordStrategyMeeting(tx, ctx, coordinator, {
    youngPersonId: chloe.id,
    heldAt: londonInstant(addDays(today, -12), 10, 0).toISOString(),
    attendees: [
      { name: 'Priya Raman', agency: 'Northbridge Children’s Social Care', role: 'Chair, CSE coordinator' },
      { name: 'Aisha Khan', agency: 'Northbridge Children’s Social Care', role: 'Allocated social worker' },
      { name: 'DC Dan Whitfield', agency: 'Northbridge Police', role: 'Missing persons officer' },
      { name: 'Niamh Doyle', agency: 'Harbour Project', role: 'Support worker' },
    ],
    informationShared:
      'Police: Chloe was found at the flat on Mill Street with the adult known as Deano after each of her last three episodes; the car NB19 XKP has been seen there. Social care: Elm House staff report new clothes and a second phone. Harbour: Chloe has started to talk about owing money for the phone.',
    decisions: 'Section 47 enquiries to begin. Chloe stays at Elm House with a curfew check at 10pm. Police to consider a child abduction warning notice for the adult known as Deano. Chloe to be added to the next panel agenda.',
    actions: [
      { description: 'Visit Chloe at Elm House and talk with her about the phone and the money she says she owes.', owner: { userId: area.userIds.get('social.worker@northbridge.example')! }, dueOn: addDays(today, -2) },
      { description: 'Decide on a child abduction warning notice for the adult known as Deano and tell the coordinator.', owner: { agencyId: area.agencyIds.get('police')! }, dueOn: addDays(today, 5) },
      { description: 'Offer Chloe weekly sessions with a Harbour worker she knows.', owner: { userId: area.userIds.get('harbour.worker@northbridge.example')! }, dueOn: addDays(today, 10) },
    ],
  });
  if (!meeting.ok) throw new Error(`The demo strategy meeting was refused: ${JSON.stringify(meeting.errors)}`);
  const plan = await saveCourtSupport(tx, ctx, coordinator, {
    youngPersonId: chloe.id,
    court: 'Northbridge Crown Court',
    caseDescription: 'The prosecution of the adult known as Deano for offences against Chloe and another girl.',
    caseReference: 'T20267041',
    hearings: [
      { hearingOn: addDays(today, 21), purpose: 'Ground rules hearing' },
      { hearingOn: addDays(today, 60), purpose: 'Trial' },
    ],
    specialMeasuresAsked: ['live_link', 'recorded_interview', 'intermediary', 'screens'],
    specialMeasuresAgreed: ['live_link', 'recorded_interview'],
    supporterName: 'Niamh Doyle',
    supporterAgencyId: area.agencyIds.get('harbour') ?? null,
    preTrialVisitOn: null,
    preTrialVisitNote: null,
    outcome: null,
    outcomeOn: null,
  });
  if (!plan.ok) throw new Error(`The demo court-support plan was refused: ${JSON.stringify(plan.errors)}`);
}
