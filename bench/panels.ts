/**
 * Panels (issue 5) at scale, on the area the casework bench generates: a panel member with an
 * issued agenda of 20 young people (the ones with the longest chronologies) and a peer group of 5.
 * Measures their case pack as a page and as a PDF, and their list of young people — the
 * need-to-know query, which now also follows peer groups on issued agendas.
 */
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { openDatabase, rows } from '../src/platform/db/database.ts';
import { ensureAuditChains } from '../src/platform/audit/audit.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { users } from '../src/modules/organisation/tables.ts';
import { agendaItems, panelMeetings, panelMembers, panels, peerGroupMembers, peerGroups } from '../src/modules/panels/tables.ts';
import { ensureArea } from './casework.ts';
import { load } from './load.ts';
import { startServerProcess } from './server-process.ts';

export interface PanelsBenchOptions {
  databaseUrl?: string;
  youngPeople: number;
  concerns: number;
  durationSeconds: number;
}

const BENCH_PANEL = 'Bench SERAC';

export async function benchPanels(options: PanelsBenchOptions) {
  const dataDir = options.databaseUrl ? undefined : path.resolve('.bench-data', `pglite-${options.youngPeople}-${options.concerns}`);
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir });
  let fixtures: { cookie: string; packPaths: string[]; agendaSize: number };
  try {
    await database.migrate();
    await ensureAuditChains(database.db);
    const areaId = await ensureArea(database, options);
    const db = database.db;
    const [member] = await db.select({ id: users.id, agencyId: users.agencyId }).from(users).where(and(eq(users.areaId, areaId), eq(users.role, 'practitioner'))).orderBy(users.email).limit(1);
    const [coordinator] = await db.select({ id: users.id }).from(users).where(and(eq(users.areaId, areaId), eq(users.role, 'coordinator')));
    let [panel] = await db.select({ id: panels.id }).from(panels).where(and(eq(panels.areaId, areaId), eq(panels.name, BENCH_PANEL)));
    if (!panel) {
      [panel] = await db.insert(panels).values({ areaId, name: BENCH_PANEL, kind: 'serac', meetsEveryDays: 28, accessAfterCloseDays: 30 }).returning({ id: panels.id });
      await db.insert(panelMembers).values({ panelId: panel!.id, userId: member!.id, agencyId: member!.agencyId });
      const heavy = await rows<{ id: string }>(
        db,
        sql`select young_person_id as id from chronology_entries c join young_people yp on yp.id = c.young_person_id
            where yp.area_id = ${areaId} group by 1 order by count(*) desc limit 25`,
      );
      const [meeting] = await db.insert(panelMeetings).values({ panelId: panel!.id, meetsOn: new Date().toISOString().slice(0, 10), agendaIssuedAt: new Date(), agendaIssuedByUserId: coordinator!.id }).returning({ id: panelMeetings.id });
      const [group] = await db.insert(peerGroups).values({ areaId, name: 'Bench group', createdByUserId: coordinator!.id }).returning({ id: peerGroups.id });
      await db.insert(peerGroupMembers).values(heavy.slice(20).map((h) => ({ peerGroupId: group!.id, youngPersonId: h.id })));
      await db.insert(agendaItems).values([
        ...heavy.slice(0, 20).map((h, i) => ({ meetingId: meeting!.id, youngPersonId: h.id, position: i + 1, urgency: 'routine' })),
        { meetingId: meeting!.id, subjectKind: 'peer_group', peerGroupId: group!.id, position: 21, urgency: 'routine' },
      ]);
    }
    const items = await rows<{ id: string; meeting_id: string }>(db, sql`select ai.id, ai.meeting_id from agenda_items ai join panel_meetings m on m.id = ai.meeting_id where m.panel_id = ${panel!.id}`);
    fixtures = {
      agendaSize: items.length,
      packPaths: items.map((i) => `/panels/meetings/${i.meeting_id}/items/${i.id}/pack`),
      cookie: `lantern_session=${await createSession(db, member!.id, { idleMinutes: 600, absoluteHours: 12 })}`,
    };
  } finally {
    await database.close();
  }
  const { cookie, packPaths, agendaSize } = fixtures;
  // An empty DATABASE_URL keeps the PGlite run on PGlite when the bench itself was given one.
  const server = await startServerProcess(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { LANTERN_DATA_DIR: dataDir!, DATABASE_URL: '' });
  try {
    let p = 0;
    let q = 0;
    const duration = options.durationSeconds;
    const nextPack = (req: { path: string }) => ({ ...req, path: packPaths[p++ % packPaths.length]! });
    const nextPdf = (req: { path: string }) => ({ ...req, path: `${packPaths[q++ % packPaths.length]!}.pdf` });
    return {
      database: options.databaseUrl ? 'postgresql' : 'pglite',
      youngPeople: options.youngPeople,
      concerns: options.concerns,
      agendaItems: agendaSize,
      casePackPage: {
        oneUser: await load({ url: server.url, connections: 1, durationSeconds: duration, headers: { cookie }, setupRequest: nextPack }),
        tenUsers: await load({ url: server.url, connections: 10, durationSeconds: duration, headers: { cookie }, setupRequest: nextPack }),
      },
      casePackPdf: { oneUser: await load({ url: server.url, connections: 1, durationSeconds: duration, headers: { cookie }, setupRequest: nextPdf }) },
      membersYoungPeopleList: { tenUsers: await load({ url: server.url, connections: 10, durationSeconds: duration, headers: { cookie }, setupRequest: (req) => ({ ...req, path: '/young-people' }) }) },
    };
  } finally {
    await server.stop();
  }
}
