/**
 * The demo's closing and transition: Callum Reeve, whose CSE work was closed, re-opened after a new
 * concern and closed again; and Jordan Ellis, 17, whose transition plan is due before their 18th
 * birthday in three weeks. Made through the same services as the pages (with chronology entries
 * and audit rows). Fictional people only.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { loadSignedInUser } from '../../platform/auth/users.ts';
import type { DemoArea } from '../../platform/modules.ts';
import { addDays, londonToday, now } from '../../platform/time.ts';
import { insertYoungPerson, personDetailsWith } from '../young-people/index.ts';
import { teamMembers, youngPeople } from '../young-people/tables.ts';
import { closeCseWork, reopenCseWork, saveTransitionPlan } from './service.ts';

/** A date of birth that makes someone turn `years` in `daysToBirthday` days. */
function bornToTurn(years: number, daysToBirthday: number, today: string): string {
  const birthday = addDays(today, daysToBirthday);
  return `${Number(birthday.slice(0, 4)) - years}${birthday.slice(4)}`.replace(/-02-29$/, '-02-28');
}

export async function seedDemoMovingOn(tx: Db, area: DemoArea): Promise<void> {
  const ctx: RequestContext = { actor: null, ip: null, requestId: 'demo-seed' };
  const coordinatorId = area.userIds.get('coordinator@northbridge.example')!;
  const coordinator = (await loadSignedInUser(tx, coordinatorId))!;
  const today = londonToday(now());
  const refused = (what: string, result: { ok: boolean; errors?: unknown }) => {
    if (!result.ok) throw new Error(`The demo ${what} was refused: ${JSON.stringify(result.errors)}`);
  };

  // Callum: two periods of CSE work, both closed.
  const callum = await insertYoungPerson(tx, area.areaId, personDetailsWith({ givenName: 'Callum', familyName: 'Reeve', dateOfBirth: bornToTurn(16, 150, today), gender: 'male', ethnicity: 'white_british', postcode: 'NB5 3JE' }), coordinatorId);
  await tx.update(youngPeople).set({ openedOn: addDays(today, -700), riskLevel: 'at_risk', riskLevelSetAt: new Date(Date.now() - 500 * 86_400_000) }).where(eq(youngPeople.id, callum.id));
  await tx.insert(teamMembers).values({ youngPersonId: callum.id, agencyId: area.agencyIds.get('social_care')!, userId: area.userIds.get('social.worker@northbridge.example')!, roleInTeam: 'Allocated social worker', isLeadProfessional: true, addedByUserId: coordinatorId });
  refused(
    'first closure',
    await closeCseWork(tx, ctx, coordinator, callum.id, {
      closedOn: addDays(today, -420),
      reason: 'risk_reduced',
      reasonDetails: null,
      youngPersonViews: 'Callum said he no longer sees the older lads from the park and wants to get on with college.',
      familyViews: 'His mum agreed and said she would call if he started going missing again.',
      agreedBy: 'coordinator',
      agendaItemId: null,
      panelDecidedOn: null,
    }),
  );
  refused('re-opening', await reopenCseWork(tx, ctx, coordinator, callum.id, { reopenedOn: addDays(today, -300), reason: 'The college reported Callum being collected by an adult in a car they did not know, and two missed days.', concernId: null }));
  refused(
    'second closure',
    await closeCseWork(tx, ctx, coordinator, callum.id, {
      closedOn: addDays(today, -60),
      reason: 'withdrew_consent',
      reasonDetails: null,
      youngPersonViews: 'Callum said he did not want to keep meeting workers and knows how to get help.',
      familyViews: 'His mum was worried but respects his choice; she has the number for the youth project.',
      agreedBy: 'panel',
      agendaItemId: null,
      panelDecidedOn: addDays(today, -62),
    }),
  );

  // Jordan: 17, turns 18 in three weeks, with a plan due by then.
  const jordan = await insertYoungPerson(tx, area.areaId, personDetailsWith({ givenName: 'Jordan', familyName: 'Ellis', dateOfBirth: bornToTurn(18, 21, today), gender: 'female', ethnicity: 'mixed_white_black_african', postcode: 'NB1 8PF' }), coordinatorId);
  await tx.update(youngPeople).set({ openedOn: addDays(today, -400), livingArrangement: 'looked_after_supported' }).where(eq(youngPeople.id, jordan.id));
  // The demo's housing officer stays someone who can see no young person, as the demo promises.
  await tx.insert(teamMembers).values({ youngPersonId: jordan.id, agencyId: area.agencyIds.get('social_care')!, userId: area.userIds.get('social.worker@northbridge.example')!, roleInTeam: 'Personal adviser', isLeadProfessional: true, addedByUserId: coordinatorId });
  refused(
    'transition plan',
    await saveTransitionPlan(tx, ctx, coordinator, jordan.id, {
      adultServicesContact: 'Northbridge Adult Social Care, safeguarding team (duty worker)',
      adultSafeguarding: 'needed',
      adultSafeguardingReferredOn: null,
      housing: 'Stays in supported accommodation until a tenancy is offered; housing support officer to apply before the birthday.',
      health: 'Register with an adult GP; sexual health clinic appointments carry on.',
      leavingCare: 'Personal adviser continues to 25; pathway plan to be reviewed.',
      wishes: 'Jordan wants to keep the same worker and not have to tell her story again.',
      deadline: null,
    }),
  );
}
