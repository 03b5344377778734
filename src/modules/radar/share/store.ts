import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import { radarShareLinks, radarVolumes } from '../tables.js';

export type ShareLinkRow = typeof radarShareLinks.$inferSelect & { volumeName: string | null };

const columns = {
  id: radarShareLinks.id,
  projectId: radarShareLinks.projectId,
  radarId: radarShareLinks.radarId,
  volumeId: radarShareLinks.volumeId,
  label: radarShareLinks.label,
  tokenHash: radarShareLinks.tokenHash,
  createdBy: radarShareLinks.createdBy,
  createdAt: radarShareLinks.createdAt,
  lastUsedAt: radarShareLinks.lastUsedAt,
  revokedAt: radarShareLinks.revokedAt,
  revokedBy: radarShareLinks.revokedBy,
  volumeName: radarVolumes.name,
};

export async function insertShareLink(tx: Tx, row: typeof radarShareLinks.$inferInsert) {
  const rows = await tx.insert(radarShareLinks).values(row).returning();
  return rows[0]!;
}

/** A radar's links, newest first (ids are UUIDv7, so id order is creation order). */
export async function listShareLinks(
  tx: Tx,
  projectId: string,
  radarId: string,
  options: { limit: number; before: string | undefined; includeRevoked: boolean },
): Promise<ShareLinkRow[]> {
  return tx
    .select(columns)
    .from(radarShareLinks)
    .leftJoin(radarVolumes, eq(radarVolumes.id, radarShareLinks.volumeId))
    .where(
      and(
        eq(radarShareLinks.projectId, projectId),
        eq(radarShareLinks.radarId, radarId),
        options.includeRevoked ? undefined : isNull(radarShareLinks.revokedAt),
        options.before === undefined ? undefined : lt(radarShareLinks.id, options.before),
      ),
    )
    .orderBy(sql`${radarShareLinks.id} DESC`)
    .limit(options.limit + 1);
}

export async function findShareLink(
  tx: Tx,
  projectId: string,
  radarId: string,
  id: string,
): Promise<ShareLinkRow | undefined> {
  const rows = await tx
    .select(columns)
    .from(radarShareLinks)
    .leftJoin(radarVolumes, eq(radarVolumes.id, radarShareLinks.volumeId))
    .where(
      and(eq(radarShareLinks.projectId, projectId), eq(radarShareLinks.radarId, radarId), eq(radarShareLinks.id, id)),
    )
    .limit(1);
  return rows[0];
}

/** Revokes an active link; undefined when it was revoked already (or does not exist). */
export async function revokeShareLink(tx: Tx, projectId: string, id: string, userId: string | null) {
  const rows = await tx
    .update(radarShareLinks)
    .set({ revokedAt: new Date(), revokedBy: userId })
    .where(and(eq(radarShareLinks.projectId, projectId), eq(radarShareLinks.id, id), isNull(radarShareLinks.revokedAt)))
    .returning({ id: radarShareLinks.id });
  return rows[0];
}

/** The link a token opens, in any project (a system read: the token is the only credential). */
export async function findShareLinkByTokenHash(tx: Tx, tokenHash: string) {
  const rows = await tx.select().from(radarShareLinks).where(eq(radarShareLinks.tokenHash, tokenHash)).limit(1);
  return rows[0];
}

/** Records a use, at most once per `seconds`: under a burst of requests all but the first update match no row. */
export async function touchShareLink(tx: Tx, id: string, seconds: number): Promise<void> {
  await tx
    .update(radarShareLinks)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(radarShareLinks.id, id),
        or(
          isNull(radarShareLinks.lastUsedAt),
          lt(radarShareLinks.lastUsedAt, sql`now() - make_interval(secs => ${seconds})`),
        ),
      ),
    );
}
