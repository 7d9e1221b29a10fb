/**
 * Retention on the command line, as an operator runs it: `retention-review` makes the review batch
 * from the schedule, and after an erasure that redacted audit details `audit verify` still passes
 * against a checkpoint written before it. A redaction that the trail does not record fails.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { auditRead, ensureAuditChains, useAuditKey } from '../platform/audit/audit.ts';
import { auditEvents } from '../platform/audit/tables.ts';
import type { SignedInUser } from '../platform/auth/users.ts';
import { createTestDatabase, runLanternCommand, type TestDatabase } from '../test-support/index.ts';
import { confirmBatch, decideItem, ERASED } from '../modules/retention/index.ts';
import { retentionItems } from '../modules/retention/tables.ts';

describe('retention on the command line', () => {
  const key = randomBytes(32).toString('hex');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-cli-retention-'));
  let database: TestDatabase;
  let env: Record<string, string>;

  async function withDb<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const opened = await database.open();
    try {
      return await work(opened);
    } finally {
      await opened.close();
    }
  }

  const lantern = (...args: string[]) => runLanternCommand(args, env);

  before(async () => {
    database = await createTestDatabase({ contents: 'migrated' });
    env = { NODE_ENV: 'development', LOG_LEVEL: 'silent', LANTERN_AUDIT_KEY: key, LANTERN_AUDIT_CHECKPOINT_DIR: path.join(folder, 'checkpoints'), ...database.env };
    useAuditKey(key);
  });

  after(async () => {
    await database?.remove();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('retention-review makes a batch of what is due; erasing it keeps the trail verifying against the checkpoint', async () => {
    const nothing = await lantern('retention-review');
    assert.equal(nothing.code, 0, nothing.out);
    assert.match(nothing.out, /^Nothing is due for a retention review\.$/m);

    // An area with an adult of concern last changed long ago and never linked to a child.
    const fixture = await withDb(async ({ db }) => {
      await ensureAuditChains(db);
      const [ids] = await rows<{ user_id: string; area_id: string; agency_id: string; adult_id: string; number: number }>(
        db,
        sql`with a as (insert into areas (name, code) values ('Fictional Shire', 'FIC') returning id),
            g as (insert into agencies (area_id, name, kind) select id, 'Fictional Police', 'police' from a returning id, area_id),
            u as (insert into users (area_id, agency_id, email, name, role) select area_id, id, 'coordinator@fictional.example', 'Fictional Coordinator', 'coordinator' from g returning id, area_id, agency_id),
            adult as (insert into adults_of_concern (area_id, name, aliases, description, created_by_user_id, updated_at, created_at)
                      select area_id, 'Fictional Adult', '{"Fic"}', 'Fictional description.', id, '2001-02-03', '2001-02-03' from u returning id, number)
            select u.id as user_id, u.area_id, u.agency_id, adult.id as adult_id, adult.number from u, adult`,
      );
      await auditRead(db, { actor: { userId: ids!.user_id, agencyId: ids!.agency_id, areaId: ids!.area_id, role: 'coordinator' }, ip: '192.0.2.8', requestId: 'cli-retention' }, { action: 'view', recordKind: 'adult_of_concern', recordId: ids!.adult_id });
      return ids!;
    });

    const made = await lantern('retention-review');
    assert.equal(made.code, 0, made.out);
    assert.match(made.out, /^Made 1 retention review batch: the coordinator reviews it on the Retention page\.$/m);
    const checkpoint = await lantern('audit', 'checkpoint');
    assert.equal(checkpoint.code, 0, checkpoint.out);

    await withDb(async ({ db }) => {
      const items = await db.select().from(retentionItems);
      assert.deepEqual(items.map((i) => i.reference), [`A-${fixture.number}`]);
      const adultItem = items.find((i) => i.reference === `A-${fixture.number}`);
      assert.ok(adultItem, 'the adult is due');
      const user = { userId: fixture.user_id, areaId: fixture.area_id, agencyId: fixture.agency_id, role: 'coordinator' } as SignedInUser;
      const context = { actor: user, ip: null, requestId: 'cli-retention-confirm' };
      for (const item of items) {
        const decided = await decideItem(db, context, user, item.batchId, item.id, item.id === adultItem.id ? { decision: 'erase' } : { decision: 'keep', reason: 'Fictional.', nextReviewOn: '2099-01-01' });
        assert.equal(decided.ok, true);
      }
      const confirmed = await confirmBatch(db, context, user, adultItem.batchId);
      assert.deepEqual(confirmed, { ok: true, value: { erased: 1, kept: items.length - 1 } });
      const [adult] = await rows<{ name: string; aliases: string[]; description: string | null }>(db, sql`select name, aliases, description from adults_of_concern where id = ${fixture.adult_id}`);
      assert.deepEqual({ ...adult, aliases: [...adult!.aliases] }, { name: ERASED, aliases: [], description: null });
    });

    const verified = await lantern('audit', 'verify');
    assert.equal(verified.code, 0, verified.out);
    assert.match(verified.out, /^Audit trail verified: \d+ rows in 16 chains, none changed, removed or reordered; compared with the checkpoint of /);
  });

  test('details removed from a row without a redaction in the trail fail verification, naming the row', async () => {
    const victim = await withDb(async ({ db }) => {
      const [row] = await db.select().from(auditEvents).where(sql`${auditEvents.personalDigest} is not null and ${auditEvents.redactedAt} is null and ${auditEvents.ip} is not null`).limit(1);
      assert.ok(row);
      // Through the trigger's own door: the database allows the change, only verification can tell.
      await db.update(auditEvents).set({ ip: null, reason: null, personalNonce: null, redactedAt: new Date() }).where(eq(auditEvents.id, row.id));
      return row;
    });
    const broken = await lantern('audit', 'verify');
    assert.equal(broken.code, 1, broken.out);
    assert.ok(broken.out.includes(`chain ${victim.chain}, position ${victim.chainSeq} (row id ${victim.id}): personal details of the row were removed, but no redaction in the trail names it`), broken.out);
  });
});
