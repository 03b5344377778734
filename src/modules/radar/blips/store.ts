import { and, asc, eq, getTableColumns, gt, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import { blipHistory, blips, radars, technologies } from '../tables.js';

// Blips and their history (placed, moved, removed), scoped by project id like every radar store.

export type BlipRow = typeof blips.$inferSelect;

export type HistoryRow = typeof blipHistory.$inferSelect;

const blipWithTitle = { ...getTableColumns(blips), title: technologies.title };

export type BlipWithTitle = BlipRow & { title: string };

/** Inserts unless the technology is on the radar already; undefined then. */
export async function insertBlip(tx: Tx, row: typeof blips.$inferInsert): Promise<BlipRow | undefined> {
  const rows = await tx.insert(blips).values(row).onConflictDoNothing().returning();
  return rows[0];
}

export async function findBlip(
  tx: Tx,
  projectId: string,
  blipId: string,
  options: { lock?: boolean } = {},
): Promise<BlipWithTitle | undefined> {
  const query = tx
    .select(blipWithTitle)
    .from(blips)
    .innerJoin(technologies, eq(technologies.id, blips.technologyId))
    .where(and(eq(blips.projectId, projectId), eq(blips.id, blipId)))
    .limit(1);
  const rows = options.lock ? await query.for('update', { of: blips }) : await query;
  return rows[0];
}

export async function findBlipOfTechnology(
  tx: Tx,
  projectId: string,
  radarId: string,
  technologyId: string,
): Promise<BlipWithTitle | undefined> {
  const rows = await tx
    .select(blipWithTitle)
    .from(blips)
    .innerJoin(technologies, eq(technologies.id, blips.technologyId))
    .where(and(eq(blips.projectId, projectId), eq(blips.radarId, radarId), eq(blips.technologyId, technologyId)))
    .limit(1);
  return rows[0];
}

export async function listBlips(
  tx: Tx,
  projectId: string,
  radarId: string,
  filters: { quadrantId?: string; ringId?: string },
  limit: number,
  afterId: string | undefined,
): Promise<BlipWithTitle[]> {
  return tx
    .select(blipWithTitle)
    .from(blips)
    .innerJoin(technologies, eq(technologies.id, blips.technologyId))
    .where(
      and(
        eq(blips.projectId, projectId),
        eq(blips.radarId, radarId),
        filters.quadrantId === undefined ? undefined : eq(blips.quadrantId, filters.quadrantId),
        filters.ringId === undefined ? undefined : eq(blips.ringId, filters.ringId),
        afterId === undefined ? undefined : gt(blips.id, afterId),
      ),
    )
    .orderBy(asc(blips.id))
    .limit(limit + 1);
}

/** Every blip of a radar with its technology's title (a radar holds hundreds at most). */
export async function allBlipsOfRadar(tx: Tx, projectId: string, radarId: string): Promise<BlipWithTitle[]> {
  return tx
    .select(blipWithTitle)
    .from(blips)
    .innerJoin(technologies, eq(technologies.id, blips.technologyId))
    .where(and(eq(blips.projectId, projectId), eq(blips.radarId, radarId)))
    .orderBy(asc(technologies.title));
}

export async function updateBlipNote(tx: Tx, projectId: string, blipId: string, note: string): Promise<void> {
  await tx
    .update(blips)
    .set({ note, updatedAt: new Date() })
    .where(and(eq(blips.projectId, projectId), eq(blips.id, blipId)));
}

/** Moves a blip and increases its version (which makes older proposals for it stale). */
export async function moveBlip(
  tx: Tx,
  projectId: string,
  blipId: string,
  to: { ringId: string; quadrantId: string },
): Promise<BlipRow | undefined> {
  const rows = await tx
    .update(blips)
    .set({ ...to, version: sql`${blips.version} + 1`, updatedAt: new Date() })
    .where(and(eq(blips.projectId, projectId), eq(blips.id, blipId)))
    .returning();
  return rows[0];
}

/** Takes the radar's next blip number; the update of the radar row serialises concurrent placements. */
export async function takeBlipNumber(tx: Tx, projectId: string, radarId: string): Promise<number> {
  const rows = await tx
    .update(radars)
    .set({ nextBlipNumber: sql`${radars.nextBlipNumber} + 1` })
    .where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)))
    .returning({ taken: sql<number>`${radars.nextBlipNumber} - 1` });
  const taken = rows[0]?.taken;
  if (taken === undefined) throw new Error(`radar ${radarId} does not exist`);
  return Number(taken);
}

/** Gives the radar's blips the numbers of a newly published volume; the next blip placed gets the one after. */
export async function renumberBlips(
  tx: Tx,
  projectId: string,
  radarId: string,
  numbers: ReadonlyArray<{ blipId: string; number: number }>,
): Promise<void> {
  if (numbers.length > 0) {
    await tx.execute(sql`
      UPDATE blips SET number = renumbered.number
        FROM jsonb_to_recordset(${JSON.stringify(numbers)}::jsonb) AS renumbered("blipId" uuid, number int)
       WHERE blips.id = renumbered."blipId" AND blips.project_id = ${projectId} AND blips.radar_id = ${radarId}`);
  }
  await tx
    .update(radars)
    .set({ nextBlipNumber: numbers.length + 1 })
    .where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)));
}

export async function deleteBlip(tx: Tx, projectId: string, blipId: string): Promise<void> {
  await tx.delete(blips).where(and(eq(blips.projectId, projectId), eq(blips.id, blipId)));
}

export async function insertHistory(tx: Tx, rows: Array<typeof blipHistory.$inferInsert>): Promise<void> {
  if (rows.length > 0) await tx.insert(blipHistory).values(rows);
}

export async function listHistory(
  tx: Tx,
  projectId: string,
  technologyId: string,
  limit: number,
  afterId: string | undefined,
) {
  return tx
    .select({ entry: blipHistory, radarName: radars.name })
    .from(blipHistory)
    .innerJoin(radars, eq(radars.id, blipHistory.radarId))
    .where(
      and(
        eq(blipHistory.projectId, projectId),
        eq(blipHistory.technologyId, technologyId),
        afterId === undefined ? undefined : gt(blipHistory.id, afterId),
      ),
    )
    .orderBy(asc(blipHistory.id))
    .limit(limit + 1);
}
