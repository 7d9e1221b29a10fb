import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditChainHeads, auditEvents } from './tables.ts';
import { AUDIT_CHAINS, GENESIS_HASH, auditedCommand, auditRead, auditRowHash, canonicalJson, verifyAuditTrail, type RequestContext } from './audit.ts';
import { areas } from '../../modules/organisation/tables.ts';
import { countRows, createTestLantern, signInAs, TestClient, userIdByEmail, type TestLantern } from '../../test-support/index.ts';

type AuditRow = typeof auditEvents.$inferSelect;

/** A details value as SQL: SQL NULL stays NULL (not the JSON null). */
const jsonb = (value: unknown) => (value === null ? sql`null` : sql`${canonicalJson(value)}::jsonb`);

describe('audit trail', () => {
  let lantern: TestLantern;
  let db: Db;
  before(async () => {
    lantern = await createTestLantern();
    db = lantern.db;
  });
  after(() => lantern?.close());

  async function latest(where: ReturnType<typeof and>): Promise<AuditRow | undefined> {
    const [row] = await db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.id)).limit(1);
    return row;
  }

  describe('what is recorded', () => {
    test('a sign-in is recorded with who, their agency and role, the address and the request', async () => {
      const client = await signInAs(lantern.app, 'social.worker@northbridge.example');
      const userId = await userIdByEmail(db, 'social.worker@northbridge.example');
      const row = await latest(and(eq(auditEvents.action, 'sign_in'), eq(auditEvents.recordId, userId)));
      assert.ok(row);
      assert.equal(row.outcome, 'success');
      assert.equal(row.actorUserId, userId);
      assert.equal(row.actorRole, 'practitioner');
      assert.ok(row.actorAgencyId && row.areaId);
      assert.equal(row.ip, client.ip);
      assert.ok(row.requestId);
      assert.ok(Date.now() - row.occurredAt.getTime() < 60_000);
    });

    test('failed sign-ins are recorded, without the password or the email typed', async () => {
      const client = new TestClient(lantern.app);
      await client.signIn('housing.officer@northbridge.example', 'a-wrong-password-typed');
      await client.signIn('stranger@elsewhere.example', 'another-wrong-password');
      const userId = await userIdByEmail(db, 'housing.officer@northbridge.example');
      const wrong = await latest(and(eq(auditEvents.action, 'sign_in'), eq(auditEvents.recordId, userId)));
      assert.equal(wrong?.outcome, 'failure');
      assert.equal(wrong?.details?.cause, 'wrong_password');
      assert.equal(wrong?.ip, client.ip);
      const unknown = await latest(and(eq(auditEvents.action, 'sign_in'), eq(auditEvents.ip, client.ip), sql`${auditEvents.recordId} is null`));
      assert.equal(unknown?.outcome, 'failure');
      assert.equal(unknown?.actorUserId, null);
      const everything = JSON.stringify(await db.select().from(auditEvents));
      assert.ok(!everything.includes('wrong-password'), 'no password in the trail');
      assert.ok(!everything.includes('stranger@elsewhere.example'), 'no typed email in the trail');
    });

    test('sign-out is recorded', async () => {
      const client = await signInAs(lantern.app, 'yjs.worker@northbridge.example');
      await client.signOut();
      const userId = await userIdByEmail(db, 'yjs.worker@northbridge.example');
      assert.equal((await latest(and(eq(auditEvents.action, 'sign_out'), eq(auditEvents.actorUserId, userId))))?.outcome, 'success');
    });

    test("an administrator's changes are recorded against the record changed", async () => {
      const admin = await signInAs(lantern.app, 'admin@northbridge.example');
      const adminId = await userIdByEmail(db, 'admin@northbridge.example');
      const created = await admin.post('/admin/areas', { name: 'Audited Area', code: 'AUD' });
      assert.equal(created.status, 303);
      const areaId = created.location!.split('/').pop()!;
      const areaRow = await latest(and(eq(auditEvents.recordKind, 'area'), eq(auditEvents.recordId, areaId)));
      assert.equal(areaRow?.action, 'create');
      assert.equal(areaRow?.actorUserId, adminId);
      assert.equal(areaRow?.actorRole, 'administrator');

      const nurseId = await userIdByEmail(db, 'school.nurse@northbridge.example');
      const [nurse] = await db.execute(sql`select agency_id from users where id = ${nurseId}`).then((r) => (r as unknown as { rows: { agency_id: string }[] }).rows);
      const changed = await admin.post(`/admin/users/${nurseId}/access`, { role: 'agency_lead', agencyId: nurse!.agency_id });
      assert.equal(changed.status, 303);
      const roleRow = await latest(and(eq(auditEvents.recordKind, 'user'), eq(auditEvents.recordId, nurseId), eq(auditEvents.action, 'permission_change')));
      assert.deepEqual(roleRow?.details, { change: 'role_or_agency_requested', from: { role: 'practitioner', agencyId: nurse!.agency_id }, to: { role: 'agency_lead', agencyId: nurse!.agency_id } });
      assert.equal(roleRow?.actorUserId, adminId);
    });

    test('a change and its audit row commit together or not at all', async () => {
      const context: RequestContext = { actor: null, ip: '192.0.2.1', requestId: 'rollback-test' };
      const heads = await db.select().from(auditChainHeads);
      await assert.rejects(
        auditedCommand(
          db,
          context,
          () => {
            throw new Error('the audit entry cannot be written');
          },
          async (tx) => tx.insert(areas).values({ name: 'Never Saved Area', code: 'NEVER' }),
        ),
        /cannot be written/,
      );
      assert.equal(await countRows(db, 'areas', sql`code = 'NEVER'`), 0, 'the change was rolled back with its audit row');
      await assert.rejects(
        auditedCommand(db, context, { action: 'create', recordKind: 'area' }, async () => {
          throw new Error('the change failed');
        }),
      );
      assert.equal(await countRows(db, 'audit_events', sql`request_id = 'rollback-test'`), 0, 'no audit row for a change that did not happen');
      assert.deepEqual(await db.select().from(auditChainHeads), heads, 'no chain moved on');
    });
  });

  describe('append-only and tamper-evident', () => {
    let chain: number;
    let rows: AuditRow[];

    before(async () => {
      // One request's reads all go to one chain; a read of another request (another chain) comes first,
      // so the several-chains test has a row of a second chain written before this chain's last.
      const context = (requestId: string): RequestContext => ({ actor: null, ip: '192.0.2.9', requestId });
      await auditRead(db, context('tamper-fixture-other'), { action: 'view', recordKind: 'fixture', recordId: 'other', details: {} });
      for (let i = 0; i < 5; i++) await auditRead(db, context('tamper-fixture'), { action: 'view', recordKind: 'fixture', recordId: String(i), details: { i } });
      const [last] = await db.select({ chain: auditEvents.chain }).from(auditEvents).where(eq(auditEvents.requestId, 'tamper-fixture')).limit(1);
      chain = last!.chain;
      rows = await db.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(auditEvents.chainSeq);
      assert.ok(rows.length >= 5, `chain ${chain} has ${rows.length} rows`);
    });

    /** Runs SQL as someone who has got round the append-only triggers (a superuser with replication role). */
    async function tamper(statements: ReturnType<typeof sql>[]) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        for (const statement of statements) await tx.execute(statement);
      });
    }

    async function restore(row: AuditRow) {
      await tamper([sql`delete from audit_events where id = ${row.id}`]);
      await tamper([
        sql`insert into audit_events (id, chain, chain_seq, occurred_at, actor_user_id, actor_agency_id, actor_role, area_id, action, record_kind, record_id, outcome, ip, request_id, reason, details, personal_digest, personal_nonce, redacted_at, prev_hash, hash)
            values (${row.id}, ${row.chain}, ${row.chainSeq}, ${row.occurredAt.toISOString()}, ${row.actorUserId}, ${row.actorAgencyId}, ${row.actorRole}, ${row.areaId}, ${row.action}, ${row.recordKind}, ${row.recordId}, ${row.outcome}, ${row.ip}, ${row.requestId}, ${row.reason}, ${jsonb(row.details)}, ${row.personalDigest}, ${row.personalNonce}, ${row.redactedAt?.toISOString() ?? null}, ${row.prevHash}, ${row.hash})`,
      ]);
    }

    async function assertIntact() {
      const report = await verifyAuditTrail(db);
      assert.deepEqual(report.problems, []);
      assert.equal(report.ok, true);
      assert.equal(report.chains, AUDIT_CHAINS);
      assert.equal(report.rowsChecked, await countRows(db, 'audit_events'));
    }

    test('a clean trail verifies', async () => {
      await assertIntact();
      // In small batches too, so the paging is exercised.
      assert.equal((await verifyAuditTrail(db, { batchSize: 2 })).ok, true);
    });

    test('the database refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
      const victim = rows[1]!;
      // Drizzle wraps the database's error; the trigger's message is in its cause.
      const refused = (error: Error & { cause?: Error }) => /append-only/.test(`${error.message} ${error.cause?.message}`);
      await assert.rejects(db.execute(sql`update audit_events set action = 'nothing' where id = ${victim.id}`), refused);
      await assert.rejects(db.execute(sql`delete from audit_events where id = ${victim.id}`), refused);
      await assert.rejects(db.execute(sql`truncate audit_events`), refused);
      const [still] = await db.select().from(auditEvents).where(eq(auditEvents.id, victim.id));
      assert.deepEqual(still, victim);
      await assertIntact();
    });

    test('an edited row is reported as the first broken row', async () => {
      const victim = rows[1]!;
      await tamper([sql`update audit_events set record_id = 'edited' where id = ${victim.id}`]);
      const report = await verifyAuditTrail(db);
      assert.equal(report.ok, false);
      assert.equal(report.problems.length, 1);
      assert.deepEqual(report.problems[0], { chain, chainSeq: victim.chainSeq, id: victim.id, problem: 'row content has been changed, or the row was hashed without the audit key' });
      await restore(victim);
      await assertIntact();
    });

    test('an edit to any hashed column is caught, even to the timestamp or the details', async () => {
      const victim = rows[0]!;
      for (const edit of [
        sql`update audit_events set occurred_at = occurred_at + interval '1 second' where id = ${victim.id}`,
        sql`update audit_events set details = '{"i": 999}'::jsonb where id = ${victim.id}`,
        sql`update audit_events set ip = '198.51.100.1' where id = ${victim.id}`,
        sql`update audit_events set outcome = 'denied' where id = ${victim.id}`,
      ]) {
        await tamper([edit]);
        const report = await verifyAuditTrail(db);
        assert.equal(report.ok, false);
        assert.equal(report.problems[0]?.id, victim.id);
        await restore(victim);
      }
      await assertIntact();
    });

    test('a deleted row in the middle of a chain is reported at the row after the gap', async () => {
      const victim = rows[1]!;
      const next = rows[2]!;
      await tamper([sql`delete from audit_events where id = ${victim.id}`]);
      const report = await verifyAuditTrail(db);
      assert.equal(report.ok, false);
      assert.equal(report.problems.length, 1);
      assert.equal(report.problems[0]!.chain, chain);
      assert.equal(report.problems[0]!.chainSeq, next.chainSeq);
      assert.equal(report.problems[0]!.id, next.id);
      assert.match(report.problems[0]!.problem, new RegExp(`row ${victim.chainSeq} of chain ${chain} is missing`));
      await restore(victim);
      await assertIntact();
    });

    test('a deleted last row of a chain is reported', async () => {
      const [head] = await db.select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain));
      const [last] = await db.select().from(auditEvents).where(and(eq(auditEvents.chain, chain), eq(auditEvents.chainSeq, head!.lastSeq)));
      assert.ok(last);
      await tamper([sql`delete from audit_events where id = ${last.id}`]);
      const report = await verifyAuditTrail(db);
      assert.equal(report.ok, false);
      assert.deepEqual(report.problems, [{ chain, chainSeq: null, id: null, problem: `the last rows of chain ${chain} have been removed` }]);
      await restore(last);
      await assertIntact();
    });

    test('a deleted middle row with its successors re-hashed by hand still breaks at the head', async () => {
      // A careful forger removes row k and rewrites every later row so the chain links up again;
      // the chain head (last seq and hash) then no longer matches.
      const all = await db.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(auditEvents.chainSeq);
      const victim = all[0]!;
      let prevHash = GENESIS_HASH;
      const forged: ReturnType<typeof sql>[] = [sql`delete from audit_events where id = ${victim.id}`];
      for (const row of all.slice(1)) {
        const fields = { ...row, chainSeq: row.chainSeq - 1, prevHash };
        const { id: _id, hash: _hash, ...hashed } = fields;
        const hash = auditRowHash(hashed);
        forged.push(sql`update audit_events set chain_seq = ${fields.chainSeq}, prev_hash = ${prevHash}, hash = ${hash} where id = ${row.id}`);
        prevHash = hash;
      }
      await tamper(forged);
      const report = await verifyAuditTrail(db);
      assert.equal(report.ok, false);
      assert.equal(report.problems[0]?.chain, chain);
      assert.equal(report.problems[0]?.id, null);
      // Put it all back.
      const undo: ReturnType<typeof sql>[] = [];
      for (const row of all.slice(1)) undo.push(sql`update audit_events set chain_seq = ${row.chainSeq}, prev_hash = ${row.prevHash}, hash = ${row.hash} where id = ${row.id}`);
      await tamper(undo.reverse());
      await restore(victim);
      await assertIntact();
    });

    test('a reordered pair (chain positions swapped) is reported', async () => {
      const [a, b] = [rows[0]!, rows[1]!];
      // Through a spare number, as (chain, chain_seq) is unique.
      await tamper([
        sql`update audit_events set chain_seq = -1 where id = ${a.id}`,
        sql`update audit_events set chain_seq = ${a.chainSeq} where id = ${b.id}`,
        sql`update audit_events set chain_seq = ${b.chainSeq} where id = ${a.id}`,
      ]);
      const report = await verifyAuditTrail(db);
      assert.equal(report.ok, false);
      assert.equal(report.problems.length, 1);
      assert.deepEqual(report.problems[0], { chain, chainSeq: a.chainSeq, id: b.id, problem: 'row is out of order: it does not follow the row before it' });
      await tamper([
        sql`update audit_events set chain_seq = -1 where id = ${a.id}`,
        sql`update audit_events set chain_seq = ${b.chainSeq} where id = ${b.id}`,
        sql`update audit_events set chain_seq = ${a.chainSeq} where id = ${a.id}`,
      ]);
      await assertIntact();
    });

    test('a reordered pair (contents swapped between positions) is reported', async () => {
      const [a, b] = [rows[1]!, rows[2]!];
      const put = (target: AuditRow, source: AuditRow) =>
        sql`update audit_events set occurred_at = ${source.occurredAt.toISOString()}, record_id = ${source.recordId}, details = ${jsonb(source.details)}, prev_hash = ${source.prevHash}, hash = ${source.hash} where id = ${target.id}`;
      await tamper([put(a, b), put(b, a)]);
      const report = await verifyAuditTrail(db);
      assert.equal(report.ok, false);
      assert.equal(report.problems[0]?.chain, chain);
      assert.equal(report.problems[0]?.chainSeq, a.chainSeq);
      await tamper([put(a, a), put(b, b)]);
      await assertIntact();
    });

    test('problems in several chains are all reported, earliest first', async () => {
      const mine = rows[rows.length - 1]!;
      const [other] = await db.select().from(auditEvents).where(eq(auditEvents.requestId, 'tamper-fixture-other'));
      assert.notEqual(other!.chain, chain);
      assert.ok(other!.occurredAt <= mine.occurredAt);
      await tamper([sql`update audit_events set action = 'x' where id in (${other!.id}, ${mine.id})`]);
      const report = await verifyAuditTrail(db);
      assert.deepEqual(
        report.problems.map((p) => p.id),
        [other!.id, mine.id],
      );
      await restore(other!);
      await restore(mine);
      await assertIntact();
    });
  });
});
