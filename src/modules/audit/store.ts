import { and, desc, eq, gte, isNull, lt, lte, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import type { AuditFilter } from './schemas.js';
import { auditLog } from './tables.js';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

export async function appendAuditEntry(tx: Tx, row: NewAuditRow): Promise<void> {
  await tx.insert(auditLog).values(row);
}

/**
 * Lists newest first. Within a tenant transaction RLS already limits rows to the scoped project; `projectId` here
 * is the instance admin's filter, and `null` asks for instance-level entries only.
 */
export async function listAuditEntries(
  tx: Tx,
  filter: AuditFilter & { projectId?: string | null },
  cursorId: string | undefined,
): Promise<AuditRow[]> {
  const conditions: SQL[] = [];
  if (cursorId !== undefined) conditions.push(lt(auditLog.id, cursorId));
  if (filter.action !== undefined) conditions.push(eq(auditLog.action, filter.action));
  if (filter.actorUserId !== undefined) conditions.push(eq(auditLog.actorUserId, filter.actorUserId));
  if (filter.since !== undefined) conditions.push(gte(auditLog.createdAt, new Date(filter.since)));
  if (filter.until !== undefined) conditions.push(lte(auditLog.createdAt, new Date(filter.until)));
  if (filter.projectId === null) conditions.push(isNull(auditLog.projectId));
  else if (filter.projectId !== undefined) conditions.push(eq(auditLog.projectId, filter.projectId));
  return tx
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
}
