/**
 * The need-to-know policy as a table: every role × every access path, asserted against the SQL the
 * queries use (visibleYoungPeople, youngPersonIdVisible, accessPathColumns) and, for the record
 * page, over HTTP (a forbidden id answers the same 404 as an id that does not exist).
 *
 * Each role gets its own actor and a colleague in the actor's own agency, all in the demo area.
 * Each (role, path) case gets its own young person with exactly that one path set up for that
 * actor, so a case can only pass through its own path.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { agencies, areas, users } from '../organisation/tables.ts';
import { CASEWORK_ROLES, ROLE_LABELS, ROLES, type Role } from '../../platform/auth/roles.ts';
import { DEMO_AREA } from '../demo/people.ts';
import { concerns } from '../concerns/tables.ts';
import { agendaItems, panelMeetings, panelMembers, panels, peerGroupMembers, peerGroups } from '../panels/tables.ts';
import { breakGlassAccesses } from '../access/tables.ts';
import { teamMembers, youngPeople } from './tables.ts';
import { accessPathColumns, seesCasework, visibleYoungPeople, youngPersonIdVisible, type AccessPath } from './policy.ts';
import { createTestLantern, signInAs, type TestClient, type TestLantern } from '../../test-support/index.ts';

const PASSWORD = 'policy-test-password';
const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);

interface Setup {
  db: Db;
  areaId: string;
  actor: Actor;
  colleague: Actor;
  ypId: string;
}

/** Who may pass through a path: 'all' casework roles, or agency leads only. */
type Grants = 'casework' | 'agency_lead' | 'nobody';

interface PathCase {
  name: string;
  /** The AccessPath the policy should name for it, when it grants access. */
  path: AccessPath | null;
  grants: Grants;
  setup(s: Setup): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The access paths, each set up with direct inserts.

async function concernBy(s: Setup, by: Actor) {
  await s.db.insert(concerns).values({
    areaId: s.areaId,
    raisedByUserId: by.userId,
    raisedByAgencyId: by.agencyId,
    subjectKind: 'known',
    youngPersonId: s.ypId,
    immediateDanger: false,
    urgent: false,
    details: 'Fictional concern written by the policy test.',
    howLearned: 'observed',
    youngPersonAware: 'not_known',
    lawfulBasis: 'safeguarding',
  });
}

async function panelWith(s: Setup, meeting: { agendaIssuedAt: Date | null; minutesClosedAt?: Date | null }, member: { removedAt?: Date } = {}) {
  const [panel] = await s.db.insert(panels).values({ areaId: s.areaId, name: 'Policy test panel', kind: 'serac', accessAfterCloseDays: 30 }).returning();
  await s.db.insert(panelMembers).values({ panelId: panel!.id, userId: s.actor.userId, removedAt: member.removedAt ?? null });
  const [m] = await s.db
    .insert(panelMeetings)
    .values({ panelId: panel!.id, meetsOn: new Date().toISOString().slice(0, 10), agendaIssuedAt: meeting.agendaIssuedAt, minutesClosedAt: meeting.minutesClosedAt ?? null })
    .returning();
  await s.db.insert(agendaItems).values({ meetingId: m!.id, youngPersonId: s.ypId });
}

/** A peer group on an issued agenda: its current members are on the agenda too. */
async function peerGroupOnAgenda(s: Setup, membership: { removedAt?: Date } = {}) {
  const [panel] = await s.db.insert(panels).values({ areaId: s.areaId, name: 'Policy test peer-group conference', kind: 'peer_group_conference', accessAfterCloseDays: 30 }).returning();
  await s.db.insert(panelMembers).values({ panelId: panel!.id, userId: s.actor.userId });
  const [group] = await s.db.insert(peerGroups).values({ areaId: s.areaId, name: 'Policy test group', createdByUserId: s.colleague.userId }).returning();
  await s.db.insert(peerGroupMembers).values({ peerGroupId: group!.id, youngPersonId: s.ypId, removedAt: membership.removedAt ?? null });
  const [m] = await s.db.insert(panelMeetings).values({ panelId: panel!.id, meetsOn: new Date().toISOString().slice(0, 10), agendaIssuedAt: ago(DAY) }).returning();
  await s.db.insert(agendaItems).values({ meetingId: m!.id, subjectKind: 'peer_group', peerGroupId: group!.id });
}

async function breakGlass(s: Setup, who: Actor, expiresAt: Date) {
  await s.db.insert(breakGlassAccesses).values({ areaId: s.areaId, userId: who.userId, youngPersonId: s.ypId, reason: 'Fictional emergency in the policy test', expiresAt });
}

const PATHS: PathCase[] = [
  { name: 'no path at all', path: null, grants: 'nobody', setup: async () => {} },
  {
    name: 'named worker in the team around the child',
    path: 'team_around_child',
    grants: 'casework',
    setup: (s) => s.db.insert(teamMembers).values({ youngPersonId: s.ypId, agencyId: s.actor.agencyId, userId: s.actor.userId }).then(() => {}),
  },
  {
    name: 'named worker, since removed from the team',
    path: null,
    grants: 'nobody',
    setup: (s) => s.db.insert(teamMembers).values({ youngPersonId: s.ypId, agencyId: s.actor.agencyId, userId: s.actor.userId, removedAt: ago(DAY) }).then(() => {}),
  },
  {
    name: 'their agency is in the team (no named worker)',
    path: 'agency_team',
    grants: 'agency_lead',
    setup: (s) => s.db.insert(teamMembers).values({ youngPersonId: s.ypId, agencyId: s.actor.agencyId, userId: null }).then(() => {}),
  },
  {
    name: 'a colleague in their agency is the named worker',
    path: 'agency_team',
    grants: 'agency_lead',
    setup: (s) => s.db.insert(teamMembers).values({ youngPersonId: s.ypId, agencyId: s.colleague.agencyId, userId: s.colleague.userId }).then(() => {}),
  },
  { name: 'they raised a concern', path: 'raised_concern', grants: 'casework', setup: (s) => concernBy(s, s.actor) },
  { name: 'a colleague in their agency raised a concern', path: 'agency_concern', grants: 'agency_lead', setup: (s) => concernBy(s, s.colleague) },
  { name: 'panel agenda issued, meeting not yet minuted', path: 'panel_agenda', grants: 'casework', setup: (s) => panelWith(s, { agendaIssuedAt: ago(DAY) }) },
  {
    name: 'panel minutes closed, still within the access window',
    path: 'panel_agenda',
    grants: 'casework',
    setup: (s) => panelWith(s, { agendaIssuedAt: ago(20 * DAY), minutesClosedAt: ago(10 * DAY) }),
  },
  { name: 'panel agenda not yet issued', path: null, grants: 'nobody', setup: (s) => panelWith(s, { agendaIssuedAt: null }) },
  { name: 'panel agenda to be issued tomorrow', path: null, grants: 'nobody', setup: (s) => panelWith(s, { agendaIssuedAt: ahead(DAY) }) },
  {
    name: 'panel access window over',
    path: null,
    grants: 'nobody',
    setup: (s) => panelWith(s, { agendaIssuedAt: ago(60 * DAY), minutesClosedAt: ago(31 * DAY) }),
  },
  { name: 'in a peer group on an issued agenda', path: 'panel_agenda', grants: 'casework', setup: (s) => peerGroupOnAgenda(s) },
  { name: 'taken out of a peer group on an issued agenda', path: null, grants: 'nobody', setup: (s) => peerGroupOnAgenda(s, { removedAt: ago(DAY) }) },
  { name: 'removed from the panel', path: null, grants: 'nobody', setup: (s) => panelWith(s, { agendaIssuedAt: ago(DAY) }, { removedAt: ago(DAY / 2) }) },
  { name: 'break-glass access, still active', path: 'break_glass', grants: 'casework', setup: (s) => breakGlass(s, s.actor, ahead(3_600_000)) },
  { name: 'break-glass access, expired', path: null, grants: 'nobody', setup: (s) => breakGlass(s, s.actor, ago(60_000)) },
  { name: "a colleague's break-glass access", path: null, grants: 'nobody', setup: (s) => breakGlass(s, s.colleague, ahead(3_600_000)) },
];

const AGENCY_TWIN: Partial<Record<AccessPath, AccessPath>> = { team_around_child: 'agency_team', raised_concern: 'agency_concern' };

// The data protection officer sees the whole area through the data protection pages only (casework pages refuse the role).
const AREA_WIDE: readonly Role[] = ['coordinator', 'intelligence_officer', 'data_protection_officer'];
const NO_CASEWORK: readonly Role[] = ['analyst', 'board_member', 'administrator', 'partnership_lead'];

/** The expected answer: the heart of the policy, written out independently of policy.ts. */
function expected(role: Role, path: PathCase): boolean {
  if (NO_CASEWORK.includes(role)) return false;
  if (AREA_WIDE.includes(role)) return true;
  if (path.grants === 'casework') return true;
  if (path.grants === 'agency_lead') return role === 'agency_lead';
  return false;
}

// ---------------------------------------------------------------------------------------------

describe('need-to-know policy for young people', () => {
  let lantern: TestLantern;
  let db: Db;
  const actors = new Map<Role, Actor>();
  const colleagues = new Map<Role, Actor>();
  /** The young person of each case, by `${role}|${path name}`. */
  const cases = new Map<string, string>();
  /** The young person in another area, with every path set up for every actor. */
  let otherAreaYp: string;
  const caseYps = () => [...cases.values()];

  before(async () => {
    lantern = await createTestLantern();
    db = lantern.db;
    const [demoArea] = await db.select().from(areas).where(eq(areas.code, DEMO_AREA.code));
    const areaId = demoArea!.id;
    const passwordHash = await hashPassword(PASSWORD);

    let n = 0;
    for (const role of ROLES) {
      const [agency] = await db.insert(agencies).values({ areaId, name: `Policy test agency for ${role}`, kind: 'voluntary' }).returning();
      const person = async (email: string, personRole: Role): Promise<Actor> => {
        const [user] = await db.insert(users).values({ areaId, agencyId: agency!.id, email, name: `Policy ${personRole}`, role: personRole, passwordHash }).returning();
        return { userId: user!.id, agencyId: agency!.id, areaId, role: personRole };
      };
      const actor = await person(`policy.${role}@northbridge.example`, role);
      const colleague = await person(`policy.${role}.colleague@northbridge.example`, 'practitioner');
      actors.set(role, actor);
      colleagues.set(role, colleague);
      for (const path of PATHS) {
        const [yp] = await db.insert(youngPeople).values({ areaId, givenName: 'Policy', familyName: `Case ${++n}` }).returning({ id: youngPeople.id });
        await path.setup({ db, areaId, actor, colleague, ypId: yp!.id });
        cases.set(`${role}|${path.name}`, yp!.id);
      }
    }

    // Another area: even with every path set up, nobody from the demo area sees this young person.
    const [otherArea] = await db.insert(areas).values({ name: 'Policy Test Other Partnership', code: 'POLX' }).returning();
    const [yp] = await db.insert(youngPeople).values({ areaId: otherArea!.id, givenName: 'Other', familyName: 'Area' }).returning({ id: youngPeople.id });
    otherAreaYp = yp!.id;
    for (const role of ROLES) {
      const s = { db, areaId: otherArea!.id, actor: actors.get(role)!, colleague: colleagues.get(role)!, ypId: otherAreaYp };
      for (const path of PATHS) if (path.grants !== 'nobody') await path.setup(s);
    }
  });
  after(() => lantern?.close());

  async function visibleTo(actor: Actor, ids: string[]): Promise<Set<string>> {
    const found = await db
      .select({ id: youngPeople.id })
      .from(youngPeople)
      .where(sql`${inArray(youngPeople.id, ids)} and ${visibleYoungPeople(actor)}`);
    return new Set(found.map((r) => r.id));
  }

  describe('visibleYoungPeople: every role × every access path', () => {
    for (const role of ROLES) {
      for (const path of PATHS) {
        const sees = expected(role, path);
        test(`${ROLE_LABELS[role]} | ${path.name} → ${sees ? 'sees' : 'does not see'}`, async () => {
          const ypId = cases.get(`${role}|${path.name}`)!;
          const actor = actors.get(role)!;
          assert.equal((await visibleTo(actor, [ypId])).has(ypId), sees);
          // The by-id form used from other tables agrees.
          const byId = await db.select({ id: youngPeople.id }).from(youngPeople).where(sql`${youngPeople.id} = ${ypId} and ${youngPersonIdVisible(actor, youngPeople.id)}`);
          assert.equal(byId.length === 1, sees, 'youngPersonIdVisible agrees');
          // And the record can say why: the path named is the one set up.
          if (seesCasework(role) && !AREA_WIDE.includes(role)) {
            const [named] = await rows<Record<AccessPath, boolean>>(db, sql`select ${accessPathColumns(actor, ypId)}`);
            const granted = Object.entries(named!).filter(([, on]) => on).map(([name]) => name).sort();
            // An agency lead named in the team, or who raised a concern, also holds the agency-wide path.
            const agencyTwin = role === 'agency_lead' && path.path ? AGENCY_TWIN[path.path] : undefined;
            const wanted = sees ? [path.path!, ...(agencyTwin ? [agencyTwin] : [])].sort() : [];
            assert.deepEqual(granted, wanted, 'accessPathColumns names exactly the path set up');
          }
        });
      }
    }
  });

  test('a path set up for one person grants nothing to anyone else', async () => {
    for (const role of ROLES) {
      const visible = await visibleTo(actors.get(role)!, caseYps());
      const wanted = new Set(
        [...cases].filter(([key]) => AREA_WIDE.includes(role) || (key.startsWith(`${role}|`) && expected(role, PATHS.find((p) => key.endsWith(`|${p.name}`))!))).map(([, id]) => id),
      );
      if (NO_CASEWORK.includes(role)) wanted.clear();
      assert.deepEqual([...visible].sort(), [...wanted].sort(), ROLE_LABELS[role]);
    }
  });

  test("nobody sees a young person in another area, whatever paths they have to them", async () => {
    for (const role of ROLES) {
      const actor = actors.get(role)!;
      assert.equal((await visibleTo(actor, [otherAreaYp])).size, 0, ROLE_LABELS[role]);
      const byId = await db.select({ id: youngPeople.id }).from(youngPeople).where(sql`${youngPeople.id} = ${otherAreaYp} and ${youngPersonIdVisible(actor, youngPeople.id)}`);
      assert.equal(byId.length, 0, `${ROLE_LABELS[role]} (by id)`);
    }
  });

  test('analysts, board members and administrators see no casework at all', async () => {
    const all = (await db.select({ id: youngPeople.id }).from(youngPeople)).map((r) => r.id);
    for (const role of NO_CASEWORK) {
      assert.equal(seesCasework(role), false);
      assert.equal((await visibleTo(actors.get(role)!, all)).size, 0, ROLE_LABELS[role]);
    }
  });

  describe('over HTTP: the record page', () => {
    const clients = new Map<Role, TestClient>();
    before(async () => {
      for (const role of ROLES) clients.set(role, await signInAs(lantern.app, `policy.${role}@northbridge.example`, { password: PASSWORD }));
    });

    test('a forbidden young person answers the same 404 as one that does not exist; allowed ones open', async () => {
      for (const role of ROLES) {
        const client = clients.get(role)!;
        const missing = await client.get(`/young-people/${randomUUID()}`);
        if (!(CASEWORK_ROLES as readonly Role[]).includes(role)) {
          // These roles cannot use casework pages at all, whatever the id.
          assert.equal(missing.status, 403, ROLE_LABELS[role]);
          assert.equal((await client.get(`/young-people/${cases.get(`${role}|${PATHS[1]!.name}`)}`)).status, 403);
          continue;
        }
        assert.equal(missing.status, 404);
        for (const path of PATHS) {
          const page = await client.get(`/young-people/${cases.get(`${role}|${path.name}`)}`);
          const label = `${ROLE_LABELS[role]} | ${path.name}`;
          if (expected(role, path)) {
            assert.equal(page.status, 200, label);
          } else {
            assert.equal(page.status, 404, label);
            assert.equal(page.title, missing.title, label);
            assert.equal(page.h1, missing.h1, label);
          }
        }
        const other = await client.get(`/young-people/${otherAreaYp}`);
        assert.equal(other.status, 404, `${ROLE_LABELS[role]} | another area`);
      }
    });
  });
});
