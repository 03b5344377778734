import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import { radarImports } from '../tables.js';

// Uploaded import files (radar_imports rows), scoped by project id like every radar store.

export type ImportRow = typeof radarImports.$inferSelect;

export async function insertImport(tx: Tx, row: typeof radarImports.$inferInsert): Promise<ImportRow> {
  const rows = await tx.insert(radarImports).values(row).returning();
  return rows[0]!;
}

export async function findImport(tx: Tx, projectId: string, importId: string): Promise<ImportRow | undefined> {
  const rows = await tx
    .select()
    .from(radarImports)
    .where(and(eq(radarImports.projectId, projectId), eq(radarImports.id, importId)))
    .limit(1);
  return rows[0];
}

/** Marks an import done and lets go of the file: the job's result and the events tell what it did. */
export async function completeImport(tx: Tx, projectId: string, importId: string): Promise<void> {
  await tx
    .update(radarImports)
    .set({ completedAt: new Date(), content: '' })
    .where(and(eq(radarImports.projectId, projectId), eq(radarImports.id, importId)));
}
