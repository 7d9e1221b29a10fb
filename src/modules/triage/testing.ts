/**
 * Test helpers for triage and feedback tests (not a test file itself): the demo area's ids, and
 * fictional concerns and young people inserted directly. Signing in is `signInAs` in src/test-support.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { agencies, areas, users } from '../organisation/tables.ts';
import { concernMentions, concerns, type ConcernSubject } from '../concerns/tables.ts';
import { insertYoungPerson } from '../young-people/service.ts';
import { personDetailsWith, type PersonDetails } from '../young-people/details.ts';
import { loadSignedInUser, type SignedInUser } from '../../platform/auth/users.ts';
import { identifierMatch, isIdentifierKind } from '../identifiers/index.ts';

export interface DemoArea {
  areaId: string;
  agency: (key: 'police' | 'social_care' | 'health' | 'education' | 'youth_offending' | 'housing' | 'open_door' | 'harbour') => string;
  user: (email: string) => Promise<SignedInUser>;
}

const AGENCY_NAMES: Record<string, string> = {
  police: 'Northbridge Police',
  social_care: 'Northbridge Children’s Social Care',
  health: 'Northbridge Community Health',
  education: 'Northbridge Schools and Colleges',
  youth_offending: 'Northbridge Youth Justice Service',
  housing: 'Northbridge Housing',
  open_door: 'Open Door Youth Project',
  harbour: 'Harbour Young People’s Service',
};

export async function demoArea(db: Db): Promise<DemoArea> {
  const [area] = await db.select({ id: areas.id }).from(areas).where(eq(areas.code, 'NBR'));
  if (!area) throw new Error('The demo area is not seeded');
  const list = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.areaId, area.id));
  const byName = new Map(list.map((a) => [a.name, a.id]));
  return {
    areaId: area.id,
    agency: (key) => {
      const id = byName.get(AGENCY_NAMES[key]!);
      if (!id) throw new Error(`No demo agency ${key}`);
      return id;
    },
    user: async (email) => {
      const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
      const user = row ? await loadSignedInUser(db, row.id) : null;
      if (!user) throw new Error(`No demo user ${email}`);
      return user;
    },
  };
}

/** The referrers most concern tests raise concerns as: health, the voluntary sector and the police. */
export async function demoReferrers(area: DemoArea): Promise<{ nurse: SignedInUser; youthWorker: SignedInUser; police: SignedInUser }> {
  return {
    nurse: await area.user('school.nurse@northbridge.example'),
    youthWorker: await area.user('youth.worker@northbridge.example'),
    police: await area.user('police.officer@northbridge.example'),
  };
}

export async function makeYoungPerson(db: Db, areaId: string, details: Partial<PersonDetails>): Promise<string> {
  return (await insertYoungPerson(db, areaId, personDetailsWith(details), null)).id;
}

export interface TestConcern {
  areaId: string;
  raisedBy: SignedInUser;
  youngPersonId?: string | null;
  subjectKind?: 'known' | 'new' | 'unidentified';
  subject?: ConcernSubject;
  submittedAt?: Date;
  urgent?: boolean;
  possibleMatch?: boolean;
  details?: string;
  indicators?: string[];
  /** Mentions as typed; the match key is worked out as the journey does for identifiers. */
  mentions?: { kind: string; asTyped: string }[];
}

/** Inserts a submitted concern directly, with all the NOT NULL columns. */
export async function makeConcern(db: Db, c: TestConcern): Promise<{ id: string; number: number }> {
  const [row] = await db
    .insert(concerns)
    .values({
      areaId: c.areaId,
      raisedByUserId: c.raisedBy.userId,
      raisedByAgencyId: c.raisedBy.agencyId,
      subjectKind: c.subjectKind ?? (c.youngPersonId ? 'known' : 'new'),
      subject: c.subject ?? {},
      youngPersonId: c.youngPersonId ?? null,
      possibleMatch: c.possibleMatch ?? false,
      immediateDanger: false,
      urgent: c.urgent ?? false,
      indicators: c.indicators ?? [],
      details: c.details ?? 'A fictional concern written for a test.',
      howLearned: 'observed',
      youngPersonAware: 'not_known',
      lawfulBasis: 'safeguarding',
      ...(c.submittedAt ? { submittedAt: c.submittedAt } : {}),
    })
    .returning({ id: concerns.id, number: concerns.number });
  for (const m of c.mentions ?? []) {
    const match = isIdentifierKind(m.kind) ? identifierMatch(m.kind, m.asTyped) : null;
    await db.insert(concernMentions).values({ concernId: row!.id, areaId: c.areaId, kind: m.kind, asTyped: m.asTyped, matchKey: match?.key ?? null });
  }
  return row!;
}

export const DAY_MS = 86_400_000;
