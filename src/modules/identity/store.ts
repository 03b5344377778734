import { and, asc, eq, getTableColumns, gt, ilike, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
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

/** The account row, locked until the transaction ends (a one-time reset link is checked and spent under it). */
export async function lockUser(tx: Tx, id: string): Promise<UserRow | undefined> {
  const rows = await tx.select().from(users).where(eq(users.id, id)).for('update');
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

/** The enabled instance administrators, locked so that two admins cannot demote each other at the same time. */
export async function lockActiveAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isAdmin, true), eq(users.disabled, false)))
    .for('update');
  return rows.map((row) => row.id);
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

/**
 * A key with what its creator may do now: whether the account is disabled (null when it is gone) and the creator's
 * role in the key's project (null when not a member). The key's power is capped by these on every use.
 */
const keyWithCreator = {
  ...getTableColumns(apiKeys),
  creatorDisabled: sql<boolean | null>`(SELECT u.disabled FROM users u WHERE u.id = "api_keys"."created_by")`,
  creatorRole: sql<string | null>`(SELECT m.role FROM memberships m
     WHERE m.project_id = "api_keys"."project_id" AND m.user_id = "api_keys"."created_by")`,
};
export type ApiKeyWithCreator = ApiKeyRow & { creatorDisabled: boolean | null; creatorRole: string | null };

async function findApiKeyWhere(tx: Tx, condition: SQL): Promise<ApiKeyWithCreator | undefined> {
  const rows = await tx.select(keyWithCreator).from(apiKeys).where(condition).limit(1);
  return rows[0];
}

export const findApiKeyByPrefix = (tx: Tx, prefix: string) => findApiKeyWhere(tx, eq(apiKeys.prefix, prefix));
export const findApiKeyById = (tx: Tx, id: string) => findApiKeyWhere(tx, eq(apiKeys.id, id));

export async function listApiKeys(
  tx: Tx,
  projectId: string,
  limit: number,
  beforeId: string | undefined,
  includeRevoked: boolean,
): Promise<ApiKeyWithCreator[]> {
  return tx
    .select(keyWithCreator)
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.projectId, projectId),
        beforeId === undefined ? undefined : lt(apiKeys.id, beforeId),
        includeRevoked ? undefined : and(isNull(apiKeys.revokedAt), isNull(apiKeys.suspendedAt)),
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

/**
 * Suspends the live keys a user created (in one project, or in all when `projectId` is null) and returns them; keys
 * already revoked or suspended are left as they are.
 */
export async function suspendApiKeysOfCreator(
  tx: Tx,
  userId: string,
  projectIds: string[] | null,
  reason: string,
): Promise<ApiKeyRow[]> {
  return tx
    .update(apiKeys)
    .set({ suspendedAt: new Date(), suspendedReason: reason })
    .where(
      and(
        eq(apiKeys.createdBy, userId),
        isNull(apiKeys.revokedAt),
        isNull(apiKeys.suspendedAt),
        projectIds === null ? undefined : inArray(apiKeys.projectId, projectIds),
      ),
    )
    .returning();
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
