import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import { blips, radars } from '../tables.js';

// Every function takes the project id and filters by it, even though RLS confines the transaction already: a
// missed scope must fail closed twice over.

export type RadarRow = typeof radars.$inferSelect;

/** Inserts unless the name (or, for a default radar, the project's default) is taken; undefined then. */
export async function insertRadar(tx: Tx, row: typeof radars.$inferInsert): Promise<RadarRow | undefined> {
  const rows = await tx.insert(radars).values(row).onConflictDoNothing().returning();
  return rows[0];
}

export async function findDefaultRadar(tx: Tx, projectId: string): Promise<RadarRow | undefined> {
  const rows = await tx
    .select()
    .from(radars)
    .where(and(eq(radars.projectId, projectId), eq(radars.isDefault, true)))
    .limit(1);
  return rows[0];
}

export async function findRadars(tx: Tx, projectId: string, radarIds: string[]): Promise<RadarRow[]> {
  if (radarIds.length === 0) return [];
  return tx
    .select()
    .from(radars)
    .where(and(eq(radars.projectId, projectId), inArray(radars.id, [...new Set(radarIds)])));
}

export async function listAllRadars(tx: Tx, projectId: string): Promise<RadarRow[]> {
  return tx.select().from(radars).where(eq(radars.projectId, projectId)).orderBy(asc(radars.id));
}

export async function findRadar(tx: Tx, projectId: string, radarId: string): Promise<RadarRow | undefined> {
  const rows = await tx
    .select()
    .from(radars)
    .where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)))
    .limit(1);
  return rows[0];
}

/**
 * Locks the radar row. Structure edits take it exclusively (`update`); placing and moving blips take it shared, so
 * they run side by side but never interleave with a change of the quadrants and rings they are checked against.
 */
export async function lockRadar(
  tx: Tx,
  projectId: string,
  radarId: string,
  mode: 'update' | 'share' = 'update',
): Promise<RadarRow | undefined> {
  const rows = await tx
    .select()
    .from(radars)
    .where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)))
    .for(mode)
    .limit(1);
  return rows[0];
}

export async function listRadars(tx: Tx, projectId: string, limit: number, afterId: string | undefined) {
  return tx
    .select({
      radar: radars,
      // Spelled out: drizzle renders a column of the only table in FROM without its table name, and a bare "id" here
      // would bind to the subquery's own blips.id and count nothing.
      blipCount: sql<number>`(SELECT count(*)::int FROM blips b WHERE b.radar_id = "radars"."id")`,
    })
    .from(radars)
    .where(and(eq(radars.projectId, projectId), afterId === undefined ? undefined : gt(radars.id, afterId)))
    .orderBy(asc(radars.id))
    .limit(limit + 1);
}

export async function radarNameTaken(tx: Tx, projectId: string, name: string, exceptId?: string): Promise<boolean> {
  const rows = await tx
    .select({ id: radars.id })
    .from(radars)
    .where(and(eq(radars.projectId, projectId), sql`lower(${radars.name}) = lower(${name})`))
    .limit(1);
  return rows.length > 0 && rows[0]!.id !== exceptId;
}

export async function updateRadar(
  tx: Tx,
  projectId: string,
  radarId: string,
  changes: Partial<Pick<RadarRow, 'name' | 'description' | 'quadrants' | 'rings'>>,
): Promise<RadarRow | undefined> {
  const rows = await tx
    .update(radars)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)))
    .returning();
  return rows[0];
}

export async function deleteRadar(tx: Tx, projectId: string, radarId: string): Promise<void> {
  await tx.delete(radars).where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)));
}

export async function countBlipsOfRadar(tx: Tx, projectId: string, radarId: string): Promise<number> {
  const rows = await tx
    .select({ n: count() })
    .from(blips)
    .where(and(eq(blips.projectId, projectId), eq(blips.radarId, radarId)));
  return rows[0]?.n ?? 0;
}

/** How many blips sit in each quadrant and ring of a radar (to refuse removing an occupied one). */
export async function segmentUsage(tx: Tx, projectId: string, radarId: string) {
  return tx
    .select({ quadrantId: blips.quadrantId, ringId: blips.ringId, n: count() })
    .from(blips)
    .where(and(eq(blips.projectId, projectId), eq(blips.radarId, radarId)))
    .groupBy(blips.quadrantId, blips.ringId);
}
