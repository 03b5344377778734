import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import { radarVolumeBlips, radarVolumes } from '../tables.js';

// Published volumes, their blips and each technology's appearances, scoped by project id like every radar store.

export type VolumeRow = typeof radarVolumes.$inferSelect;

export type VolumeBlipRow = typeof radarVolumeBlips.$inferSelect;

/** Inserts unless the name is taken on the radar (or the import published its volume already); undefined then. */
export async function insertVolume(tx: Tx, row: typeof radarVolumes.$inferInsert): Promise<VolumeRow | undefined> {
  const rows = await tx.insert(radarVolumes).values(row).onConflictDoNothing().returning();
  return rows[0];
}

export async function insertVolumeBlips(tx: Tx, rows: Array<typeof radarVolumeBlips.$inferInsert>): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    await tx.insert(radarVolumeBlips).values(rows.slice(start, start + 500));
  }
}

export async function findVolume(
  tx: Tx,
  projectId: string,
  radarId: string,
  volumeId: string,
): Promise<VolumeRow | undefined> {
  const rows = await tx
    .select()
    .from(radarVolumes)
    .where(and(eq(radarVolumes.projectId, projectId), eq(radarVolumes.radarId, radarId), eq(radarVolumes.id, volumeId)))
    .limit(1);
  return rows[0];
}

export async function findVolumeOfImport(tx: Tx, projectId: string, importId: string): Promise<VolumeRow | undefined> {
  const rows = await tx
    .select()
    .from(radarVolumes)
    .where(and(eq(radarVolumes.projectId, projectId), eq(radarVolumes.importId, importId)))
    .limit(1);
  return rows[0];
}

export async function volumeNameTaken(tx: Tx, projectId: string, radarId: string, name: string): Promise<boolean> {
  const rows = await tx
    .select({ id: radarVolumes.id })
    .from(radarVolumes)
    .where(
      and(
        eq(radarVolumes.projectId, projectId),
        eq(radarVolumes.radarId, radarId),
        sql`lower(${radarVolumes.name}) = lower(${name})`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** The latest volume of a radar (by date, then publication order), or the latest before a given one. */
export async function latestVolume(
  tx: Tx,
  projectId: string,
  radarId: string,
  before?: VolumeRow,
): Promise<VolumeRow | undefined> {
  const rows = await tx
    .select()
    .from(radarVolumes)
    .where(
      and(
        eq(radarVolumes.projectId, projectId),
        eq(radarVolumes.radarId, radarId),
        before === undefined
          ? undefined
          : sql`(${radarVolumes.date}, ${radarVolumes.id}) < (${before.date}::date, ${before.id}::uuid)`,
      ),
    )
    .orderBy(desc(radarVolumes.date), desc(radarVolumes.id))
    .limit(1);
  return rows[0];
}

/** Volumes newest first, with their blip count and movement counts. */
export async function listVolumes(
  tx: Tx,
  projectId: string,
  radarId: string,
  limit: number,
  after: { date: string; id: string } | undefined,
) {
  const volumes = await tx
    .select()
    .from(radarVolumes)
    .where(
      and(
        eq(radarVolumes.projectId, projectId),
        eq(radarVolumes.radarId, radarId),
        after === undefined
          ? undefined
          : sql`(${radarVolumes.date}, ${radarVolumes.id}) < (${after.date}::date, ${after.id}::uuid)`,
      ),
    )
    .orderBy(desc(radarVolumes.date), desc(radarVolumes.id))
    .limit(limit + 1);
  const ids = volumes.map((volume) => volume.id);
  const counts =
    ids.length === 0
      ? []
      : await tx
          .select({ volumeId: radarVolumeBlips.volumeId, movement: radarVolumeBlips.movement, n: count() })
          .from(radarVolumeBlips)
          .where(and(eq(radarVolumeBlips.projectId, projectId), inArray(radarVolumeBlips.volumeId, ids)))
          .groupBy(radarVolumeBlips.volumeId, radarVolumeBlips.movement);
  return { volumes, counts };
}

/**
 * Where each technology was when it last appeared in a volume of the radar (before `before`, when given): what its
 * movement is measured against, as Thoughtworks does.
 */
export async function lastAppearances(
  tx: Tx,
  projectId: string,
  radarId: string,
  before?: VolumeRow,
): Promise<Map<string, { ringOrder: number; volumeId: string }>> {
  const result = (await tx.execute(sql`
    SELECT DISTINCT ON (vb.technology_id) vb.technology_id AS "technologyId", vb.ring_order AS "ringOrder",
           vb.volume_id AS "volumeId"
      FROM radar_volume_blips vb JOIN radar_volumes v ON v.id = vb.volume_id
     WHERE v.project_id = ${projectId} AND v.radar_id = ${radarId}
       ${before === undefined ? sql`` : sql`AND (v.date, v.id) < (${before.date}::date, ${before.id}::uuid)`}
     ORDER BY vb.technology_id, v.date DESC, v.id DESC`)) as unknown as {
    rows: Array<{ technologyId: string; ringOrder: number; volumeId: string }>;
  };
  return new Map(
    result.rows.map((row) => [row.technologyId, { ringOrder: Number(row.ringOrder), volumeId: row.volumeId }]),
  );
}

/** Every appearance of the radar's technologies in its volumes (up to `until`, inclusive), newest first. */
export async function appearanceHistory(
  tx: Tx,
  projectId: string,
  radarId: string,
  until?: VolumeRow,
): Promise<Array<{ technologyId: string; date: string; ringId: string; movement: string }>> {
  const result = (await tx.execute(sql`
    SELECT vb.technology_id AS "technologyId", to_char(v.date, 'YYYY-MM-DD') AS date, vb.ring_id AS "ringId",
           vb.movement
      FROM radar_volume_blips vb JOIN radar_volumes v ON v.id = vb.volume_id
     WHERE v.project_id = ${projectId} AND v.radar_id = ${radarId}
       ${until === undefined ? sql`` : sql`AND (v.date, v.id) <= (${until.date}::date, ${until.id}::uuid)`}
     ORDER BY v.date DESC, v.id DESC`)) as unknown as {
    rows: Array<{ technologyId: string; date: string; ringId: string; movement: string }>;
  };
  return result.rows;
}

export async function volumeBlips(tx: Tx, projectId: string, volumeId: string): Promise<VolumeBlipRow[]> {
  return tx
    .select()
    .from(radarVolumeBlips)
    .where(and(eq(radarVolumeBlips.projectId, projectId), eq(radarVolumeBlips.volumeId, volumeId)))
    .orderBy(asc(radarVolumeBlips.title));
}
