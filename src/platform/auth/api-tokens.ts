import { and, eq, gt, isNull, or, lt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditedCommand, type RequestContext } from '../audit/audit.ts';
import { apiTokens } from './tables.ts';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from './tokens.ts';

const LAST_USED_INTERVAL_MS = 60_000;

/** Creates a personal access token for the JSON API. The token is returned once and stored only as a hash. */
export async function createApiToken(db: Db, ctx: RequestContext, userId: string, name: string, expiresInDays?: number): Promise<{ id: string; token: string }> {
  const token = newSecret(API_TOKEN_PREFIX);
  return auditedCommand(
    db,
    ctx,
    (created: { id: string }) => ({ action: 'token_create', recordKind: 'api_token', recordId: created.id, details: { userId, expiresInDays: expiresInDays ?? null } }),
    async (tx) => {
      const [row] = await tx
        .insert(apiTokens)
        .values({ userId, name, tokenHash: hashSecret(token), expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null })
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
    .where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))));
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_INTERVAL_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, now))));
  }
  return row.userId;
}

export async function revokeApiToken(db: Db, ctx: RequestContext, tokenId: string): Promise<void> {
  await auditedCommand(db, ctx, { action: 'permission_change', recordKind: 'api_token', recordId: tokenId, details: { change: 'revoked' } }, async (tx) => {
    await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, tokenId));
  });
}
