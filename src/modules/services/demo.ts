/**
 * The demo databank for Northbridge: statutory and voluntary services (one not checked for over a
 * year, so the coordinator's home page flags it), resources, and referrals recorded from the demo's
 * tasks and panel actions, one of them a need no service was found for. Fictional throughout.
 */
import { and, asc, eq, like } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { DemoArea } from '../../platform/modules.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { caseworkTasks } from '../plans/tables.ts';
import { panelActions } from '../panels/tables.ts';
import { resources, serviceReferrals, services } from './tables.ts';

export async function seedDemoServices(tx: Db, area: DemoArea): Promise<void> {
  const today = londonToday();
  const coordinator = area.userIds.get('coordinator@northbridge.example')!;
  const base = { areaId: area.areaId, createdByUserId: coordinator };
  const made = await tx
    .insert(services)
    .values([
      {
        ...base,
        name: 'Harbour one-to-one support',
        sector: 'voluntary',
        provider: 'Harbour Young People’s Service',
        agencyId: area.agencyIds.get('harbour') ?? null,
        offer: 'Weekly one-to-one sessions with a support worker for young people who have been sexually exploited or are at risk, for as long as they need.',
        needs: ['cse_specialist', 'emotional_health', 'missing_return'],
        minAge: 11,
        maxAge: 18,
        referEmail: 'referrals@harbour.example',
        referPhone: '01632 960410',
        selfReferral: true,
        waitingTime: 'About two weeks',
        coverage: 'Northbridge and the villages around it',
        lastCheckedOn: addDays(today, -40),
      },
      {
        ...base,
        name: 'Northbridge young people’s sexual health clinic',
        sector: 'statutory',
        provider: 'Northbridge Community Health',
        agencyId: area.agencyIds.get('health') ?? null,
        offer: 'Confidential sexual health advice, testing and contraception, with a named nurse for young people known to CSE services.',
        needs: ['sexual_health'],
        minAge: 13,
        maxAge: 24,
        dropIn: true,
        referPhone: '01632 960220',
        contact: 'Station Road Health Centre, Tuesday and Thursday evenings',
        waitingTime: 'Drop-in, same day',
        coverage: 'Northbridge',
        lastCheckedOn: addDays(today, -100),
      },
      {
        ...base,
        name: 'Open Door youth club and mentoring',
        sector: 'voluntary',
        provider: 'Open Door Youth Project',
        agencyId: area.agencyIds.get('open_door') ?? null,
        offer: 'Evening youth club, trips and a mentor for young people who need a trusted adult and something to do.',
        needs: ['youth_activities', 'online_safety'],
        minAge: 10,
        maxAge: 19,
        dropIn: true,
        selfReferral: true,
        referWebsite: 'https://opendoor.example/refer',
        waitingTime: 'Mentoring: about six weeks',
        lastCheckedOn: addDays(today, -420),
      },
      {
        ...base,
        name: 'Child and adolescent mental health single point of access',
        sector: 'statutory',
        provider: 'Northbridge Community Health',
        agencyId: area.agencyIds.get('health') ?? null,
        offer: 'Assessment and therapy for young people with moderate to severe mental health needs.',
        needs: ['emotional_health'],
        minAge: 0,
        maxAge: 18,
        referWebsite: 'https://health.example/camhs-referral',
        waitingTime: 'Around 14 weeks for a first appointment',
        lastCheckedOn: addDays(today, -200),
      },
      {
        ...base,
        name: 'Parents Against Exploitation helpline',
        sector: 'voluntary',
        provider: 'A regional parents’ charity',
        offer: 'Telephone support and advice for parents and carers whose children are being exploited.',
        needs: ['family_support'],
        sex: 'any',
        referPhone: '0808 157 0000',
        selfReferral: true,
        coverage: 'Northbridge and neighbouring areas',
        lastCheckedOn: addDays(today, -30),
      },
    ])
    .returning({ id: services.id, name: services.name });
  const serviceId = (prefix: string) => made.find((s) => s.name.startsWith(prefix))!.id;

  await tx.insert(resources).values([
    { ...base, title: 'Spotting the signs: a one-page guide for practitioners', kind: 'guidance', audience: 'practitioners', description: 'The warning signs of exploitation and what to do the same day.', link: 'https://lantern.example/resources/spotting-the-signs', needs: ['cse_specialist'], lastCheckedOn: addDays(today, -60) },
    { ...base, title: 'Staying safe online: leaflet for young people', kind: 'leaflet', audience: 'young_people', link: 'https://lantern.example/resources/online-safety-leaflet', needs: ['online_safety'], lastCheckedOn: addDays(today, -90) },
    { ...base, title: 'Night-time economy toolkit for licensed premises and taxi firms', kind: 'toolkit', audience: 'communities', description: 'What staff should look out for and who to call.', link: 'https://lantern.example/resources/night-time-toolkit', needs: [], lastCheckedOn: addDays(today, -500) },
  ]);

  // Referrals recorded from the demo's tasks and panel actions.
  const [harbourTask] = await tx.select({ id: caseworkTasks.id }).from(caseworkTasks).where(and(eq(caseworkTasks.areaId, area.areaId), like(caseworkTasks.description, 'Offer Chloe weekly sessions%'))).limit(1);
  const [visitTask] = await tx.select({ id: caseworkTasks.id }).from(caseworkTasks).where(and(eq(caseworkTasks.areaId, area.areaId), like(caseworkTasks.description, 'Visit Chloe at Elm House%'))).limit(1);
  const [action] = await tx.select({ id: panelActions.id }).from(panelActions).where(eq(panelActions.areaId, area.areaId)).orderBy(asc(panelActions.number)).limit(1);
  const socialCare = area.agencyIds.get('social_care')!;
  const recorded = (days: number) => ({ recordedOn: addDays(today, -days), areaId: area.areaId, recordedByUserId: coordinator, recordedByAgencyId: socialCare });
  const referrals: (typeof serviceReferrals.$inferInsert)[] = [];
  if (harbourTask) referrals.push({ ...recorded(8), actionKind: 'casework_task', actionId: harbourTask.id, need: 'cse_specialist', outcome: 'referred', serviceId: serviceId('Harbour') });
  if (visitTask) {
    referrals.push({ ...recorded(6), actionKind: 'casework_task', actionId: visitTask.id, need: 'sexual_health', outcome: 'referred', serviceId: serviceId('Northbridge young people') });
    referrals.push({ ...recorded(6), actionKind: 'casework_task', actionId: visitTask.id, need: 'housing', outcome: 'no_service_found', serviceId: null });
  }
  if (action) {
    referrals.push({ ...recorded(20), actionKind: 'panel_action', actionId: action.id, need: 'emotional_health', outcome: 'referred', serviceId: serviceId('Child and adolescent') });
    referrals.push({ ...recorded(20), actionKind: 'panel_action', actionId: action.id, need: 'drugs_alcohol', outcome: 'no_service_found', serviceId: null });
  }
  if (referrals.length) await tx.insert(serviceReferrals).values(referrals);
}
