import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import type { RawConcern } from './concern-input.ts';
import { concernDrafts } from './tables.ts';

/** Drafts belong to the person writing them; nobody else can open one. */
export async function loadDraft(db: Db, userId: string, draftId: string): Promise<(RawConcern & { reachedCheck?: boolean }) | null> {
  if (!isUuid(draftId)) return null;
  const [draft] = await db.select({ answers: concernDrafts.answers }).from(concernDrafts).where(and(eq(concernDrafts.id, draftId), eq(concernDrafts.userId, userId)));
  return draft ? (draft.answers as RawConcern) : null;
}

export async function draftsOf(db: Db, userId: string) {
  return db.select().from(concernDrafts).where(eq(concernDrafts.userId, userId)).orderBy(desc(concernDrafts.updatedAt)).limit(20);
}

export async function createDraft(db: Db, ctx: RequestContext, userId: string): Promise<string> {
  return auditedCommand(db, ctx, (id: string) => ({ action: 'create', recordKind: 'concern_draft', recordId: id }), async (tx) => {
    const [row] = await tx.insert(concernDrafts).values({ userId, answers: {} }).returning({ id: concernDrafts.id });
    return row!.id;
  });
}

/** Merges one page's answers into the draft. */
export async function saveDraft(db: Db, ctx: RequestContext, userId: string, draftId: string, answers: RawConcern & { reachedCheck?: boolean }): Promise<void> {
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'concern_draft', recordId: draftId, details: { fields: Object.keys(answers) } }, async (tx) => {
    await tx.update(concernDrafts).set({ answers: answers as Record<string, unknown>, updatedAt: new Date() }).where(and(eq(concernDrafts.id, draftId), eq(concernDrafts.userId, userId)));
  });
}

export async function discardDraft(db: Db, ctx: RequestContext, userId: string, draftId: string): Promise<void> {
  await auditedCommand(db, ctx, { action: 'delete', recordKind: 'concern_draft', recordId: draftId }, async (tx) => {
    await tx.delete(concernDrafts).where(and(eq(concernDrafts.id, draftId), eq(concernDrafts.userId, userId)));
  });
}
