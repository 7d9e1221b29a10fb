/**
 * On PostgreSQL the running application can be a role that owns no tables (DATABASE_URL) while
 * migrations run as the owner (DATABASE_MIGRATION_URL): then it cannot switch the audit trail's
 * protection off. The privileges themselves are checked on PGlite too.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { openDatabase, rows } from '../db/database.ts';
import { startLantern } from '../../server.ts';
import { createScratchDatabase } from '../../test-support/lantern.ts';
import { createTestLantern, signInAs } from '../../test-support/index.ts';
import { verifyWithCheckpoint } from './checkpoints.ts';

const serverUrl = process.env.DATABASE_URL;

describe('the application role', () => {
  test('lantern_app may read and write records, but only add to the audit trail and only move chain heads forward', async () => {
    const lantern = await createTestLantern({ seedDemo: false });
    try {
      const can = async (table: string, privilege: string) =>
        (await rows<{ ok: boolean }>(lantern.db, sql`select has_table_privilege('lantern_app', ${table}, ${privilege}) as ok`))[0]!.ok;
      assert.deepEqual(
        await Promise.all(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER'].map((p) => can('audit_events', p))),
        [true, true, false, false, false, false],
      );
      assert.deepEqual(await Promise.all(['SELECT', 'UPDATE', 'DELETE', 'TRUNCATE'].map((p) => can('audit_chain_heads', p))), [true, true, false, false]);
      assert.deepEqual(await Promise.all(['SELECT', 'INSERT', 'UPDATE', 'DELETE'].map((p) => can('young_people', p))), [true, true, true, true]);
      const owned = await rows<{ n: number }>(lantern.db, sql`select count(*)::int as n from pg_tables where tableowner = 'lantern_app'`);
      assert.equal(owned[0]!.n, 0, 'it owns no table');
      // Even the owner cannot move a head back or remove one without switching triggers off first.
      const refused = (error: Error & { cause?: Error }) => /only move forward/.test(`${error.message} ${error.cause?.message}`);
      await assert.rejects(lantern.db.execute(sql`update audit_chain_heads set last_seq = last_seq where chain = 0`), refused);
      await assert.rejects(lantern.db.execute(sql`delete from audit_chain_heads where chain = 0`), refused);
      await assert.rejects(lantern.db.execute(sql`truncate audit_chain_heads`), refused);
    } finally {
      await lantern.close();
    }
  });

  test('connected as a member of lantern_app, Lantern runs, and the trail cannot be switched off or cut', { skip: serverUrl ? false : 'needs PostgreSQL (DATABASE_URL)' }, async () => {
    const scratch = await createScratchDatabase(serverUrl!);
    const login = `lantern_web_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    let close = async () => {};
    try {
      // The owner migrates first, which creates lantern_app; then the login role joins it.
      const owner = await openDatabase({ databaseUrl: scratch.url });
      await owner.migrate();
      await owner.close();
      await admin.query(`CREATE ROLE ${login} LOGIN IN ROLE lantern_app`);
      const appUrl = new URL(scratch.url);
      appUrl.username = login;
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LANTERN_DEMO: 'true', DATABASE_URL: appUrl.toString(), DATABASE_MIGRATION_URL: scratch.url });
      const database = await openDatabase({ databaseUrl: config.databaseUrl, migrationUrl: config.databaseMigrationUrl, poolSize: 3 });
      const { app } = await startLantern(config, database);
      close = async () => {
        await app.close().catch(() => {});
        fs.rmSync(config.auditCheckpointDir, { recursive: true, force: true });
      };
      // The demo area was seeded, and a sign-in is audited, all as the application role.
      await signInAs(app, 'social.worker@northbridge.example');
      const who = await rows<{ user: string }>(database.db, sql`select current_user as user`);
      assert.equal(who[0]!.user, login);
      assert.equal((await verifyWithCheckpoint(database.db, config.auditCheckpointDir)).ok, true);

      const asApp = new pg.Client({ connectionString: appUrl.toString() });
      await asApp.connect();
      try {
        const attempts: [string, RegExp][] = [
          ['ALTER TABLE audit_events DISABLE TRIGGER USER', /must be owner/],
          ['ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update', /must be owner/],
          ['ALTER TABLE audit_chain_heads DISABLE TRIGGER ALL', /must be owner/],
          ['SET session_replication_role = replica', /permission denied/],
          ['DELETE FROM audit_events', /permission denied/],
          ['UPDATE audit_events SET action = action', /permission denied/],
          ['TRUNCATE audit_events', /permission denied/],
          ['DELETE FROM audit_chain_heads', /permission denied/],
          ['DROP TRIGGER audit_events_no_update ON audit_events', /must be owner/],
          ['UPDATE audit_chain_heads SET last_seq = 0', /only move forward/],
        ];
        for (const [statement, expected] of attempts) await assert.rejects(asApp.query(statement), expected, statement);
      } finally {
        await asApp.end();
      }
    } finally {
      await close();
      await scratch.drop();
      await admin.query(`DROP ROLE IF EXISTS ${login}`).catch(() => {});
      await admin.end();
    }
  });
});
