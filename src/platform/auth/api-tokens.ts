import { and, desc, eq, gt, isNull, or, lt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditedCommand, type RequestContext } from '../audit/audit.ts';
import { apiTokens } from './tables.ts';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from './tokens.ts';

const LAST_USED_INTERVAL_MS = 60_000;
/** A token that is forgotten should stop working by itself; a partner renews it deliberately. */
export const DEFAULT_API_TOKEN_DAYS = 90;
export const MAX_API_TOKEN_DAYS = 366;

/** Creates a personal access token for the JSON API. The token is returned once and stored only as a hash. */
export async function createApiToken(db: Db, ctx: RequestContext, userId: string, name: string, expiresInDays = DEFAULT_API_TOKEN_DAYS): Promise<{ id: string; token: string }> {
  if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_API_TOKEN_DAYS) {
    throw new RangeError(`A token lasts between 1 and ${MAX_API_TOKEN_DAYS} days`);
  }
  const token = newSecret(API_TOKEN_PREFIX);
  return auditedCommand(
    db,
    ctx,
    (created: { id: string }) => ({ action: 'token_create', recordKind: 'api_token', recordId: created.id, details: { userId, expiresInDays } }),
    async (tx) => {
      const [row] = await tx
        .insert(apiTokens)
        .values({ userId, name, tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + expiresInDays * 86_400_000) })
        .returning({ id: apiTokens.id });
      return { id: row!.id, token };
    },
  );
}

/** The user a bearer token belongs to, if it is live. */
export async function userIdForApiToken(db: Db, token: string, now = new Date()): Promise<string | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)));
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_INTERVAL_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, now))));
  }
  return row.userId;
}

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

/** A user's tokens, newest first, with when each was last used: never the token or its hash. */
export async function listApiTokens(db: Db, userId: string, now = new Date()) {
  const list = await db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
  return list.map((t) => ({ ...t, status: (t.revokedAt ? 'revoked' : t.expiresAt <= now ? 'expired' : 'active') as ApiTokenStatus }));
}

/** Revokes one of `userId`'s tokens; false when there is no such live token (already revoked, or someone else's). */
export async function revokeApiToken(db: Db, ctx: RequestContext, userId: string, tokenId: string): Promise<boolean> {
  return auditedCommand(db, ctx, { action: 'permission_change', recordKind: 'api_token', recordId: tokenId, details: { change: 'revoked', userId } }, async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return revoked.length > 0;
  });
}
