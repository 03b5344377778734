import { and, asc, eq, gt, ilike, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { apiKeys, refreshTokens, setupTokens, users } from './tables.js';

export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

export async function findUserByEmail(tx: Tx, email: string): Promise<UserRow | undefined> {
  const rows = await tx.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return rows[0];
}

export async function findUserById(tx: Tx, id: string): Promise<UserRow | undefined> {
  const rows = await tx.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

/** Inserts unless the email is taken (case-insensitively); returns undefined then. */
export async function insertUser(tx: Tx, row: typeof users.$inferInsert): Promise<UserRow | undefined> {
  const rows = await tx.insert(users).values(row).onConflictDoNothing().returning();
  return rows[0];
}

export async function updateUser(
  tx: Tx,
  id: string,
  changes: Partial<Pick<UserRow, 'displayName' | 'passwordHash' | 'disabled' | 'isAdmin'>>,
): Promise<UserRow | undefined> {
  const rows = await tx
    .update(users)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return rows[0];
}

export async function listUsers(tx: Tx, limit: number, afterId: string | undefined, q: string | undefined) {
  const pattern = q === undefined ? undefined : `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return tx
    .select()
    .from(users)
    .where(
      and(
        afterId === undefined ? undefined : gt(users.id, afterId),
        pattern === undefined ? undefined : or(ilike(users.email, pattern), ilike(users.displayName, pattern)),
      ),
    )
    .orderBy(asc(users.id))
    .limit(limit + 1);
}

export async function adminExists(tx: Tx): Promise<boolean> {
  const rows = await tx.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).limit(1);
  return rows.length > 0;
}

export async function replaceSetupToken(tx: Tx, tokenHash: string): Promise<void> {
  await tx.delete(setupTokens).where(isNull(setupTokens.usedAt));
  await tx.insert(setupTokens).values({ tokenHash });
}

/** Marks the token used if it is unused; true when this call is the one that used it. */
export async function claimSetupToken(tx: Tx, tokenHash: string): Promise<boolean> {
  const rows = await tx
    .update(setupTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(setupTokens.tokenHash, tokenHash), isNull(setupTokens.usedAt)))
    .returning({ tokenHash: setupTokens.tokenHash });
  return rows.length > 0;
}

export async function insertRefreshToken(tx: Tx, row: typeof refreshTokens.$inferInsert): Promise<void> {
  await tx.insert(refreshTokens).values(row);
}

export async function findRefreshToken(tx: Tx, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  const rows = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).limit(1);
  return rows[0];
}

/** Atomically marks a live token rotated; exactly one of two concurrent refreshes with the same token wins. */
export async function claimRefreshToken(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx
    .update(refreshTokens)
    .set({ rotatedAt: new Date() })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length > 0;
}

export async function revokeRefreshFamily(tx: Tx, familyId: string): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

export async function revokeUserRefreshTokens(tx: Tx, userId: string): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

export async function insertApiKey(tx: Tx, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const rows = await tx.insert(apiKeys).values(row).returning();
  return rows[0]!;
}

export async function listApiKeys(
  tx: Tx,
  projectId: string,
  limit: number,
  beforeId: string | undefined,
  includeRevoked: boolean,
) {
  return tx
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.projectId, projectId),
        beforeId === undefined ? undefined : lt(apiKeys.id, beforeId),
        includeRevoked ? undefined : isNull(apiKeys.revokedAt),
      ),
    )
    .orderBy(sql`${apiKeys.id} DESC`)
    .limit(limit + 1);
}

export async function revokeApiKey(tx: Tx, projectId: string, id: string): Promise<ApiKeyRow | undefined> {
  const rows = await tx
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, id)))
    .returning();
  return rows[0];
}

export async function findApiKeyByPrefix(tx: Tx, prefix: string): Promise<ApiKeyRow | undefined> {
  const rows = await tx.select().from(apiKeys).where(eq(apiKeys.prefix, prefix)).limit(1);
  return rows[0];
}

/** last_used_at is advisory: written at most once a minute per key so that key traffic does not become writes. */
export async function touchApiKey(tx: Tx, id: string): Promise<void> {
  await tx
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(
      and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))),
    );
}
