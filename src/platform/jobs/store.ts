import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { type JobStatus, jobRecords } from './tables.js';

export type JobRow = typeof jobRecords.$inferSelect;

export async function insertJobRecords(tx: Tx, rows: Array<typeof jobRecords.$inferInsert>): Promise<JobRow[]> {
  return rows.length === 0 ? [] : tx.insert(jobRecords).values(rows).returning();
}

export async function findJobRecord(tx: Tx, projectId: string, id: string): Promise<JobRow | undefined> {
  const rows = await tx
    .select()
    .from(jobRecords)
    .where(and(eq(jobRecords.projectId, projectId), eq(jobRecords.id, id)))
    .limit(1);
  return rows[0];
}

export async function listJobRecords(
  tx: Tx,
  projectId: string,
  filter: { status?: JobStatus[]; type?: string; before?: string; limit: number },
): Promise<JobRow[]> {
  return tx
    .select()
    .from(jobRecords)
    .where(
      and(
        eq(jobRecords.projectId, projectId),
        filter.status === undefined ? undefined : inArray(jobRecords.status, filter.status),
        filter.type === undefined ? undefined : eq(jobRecords.type, filter.type),
        filter.before === undefined ? undefined : lt(jobRecords.id, filter.before),
      ),
    )
    .orderBy(desc(jobRecords.id))
    .limit(filter.limit + 1);
}

/** Jobs created since `since`, counted by type and status, with the mean run time of the finished ones. */
export async function countJobsByTypeAndStatus(tx: Tx, projectId: string, since: Date) {
  return tx
    .select({
      type: jobRecords.type,
      status: jobRecords.status,
      count: sql<number>`count(*)::int`,
      meanSeconds: sql<
        number | null
      >`avg(extract(epoch from ${jobRecords.finishedAt} - ${jobRecords.startedAt}))::float8`,
    })
    .from(jobRecords)
    .where(and(eq(jobRecords.projectId, projectId), gte(jobRecords.createdAt, since)))
    .groupBy(jobRecords.type, jobRecords.status);
}

/** Marks claimed jobs running (a new attempt); cancelled or finished records are left alone and not returned. */
export async function startAttempts(tx: Tx, ids: string[]): Promise<JobRow[]> {
  if (ids.length === 0) return [];
  return tx
    .update(jobRecords)
    .set({
      status: 'running',
      attempts: sql`${jobRecords.attempts} + 1`,
      progress: 0,
      step: null,
      error: null,
      startedAt: sql`coalesce(${jobRecords.startedAt}, now())`,
      updatedAt: new Date(),
    })
    .where(and(inArray(jobRecords.id, ids), inArray(jobRecords.status, ['pending', 'running'])))
    .returning();
}

/** Writes an outcome unless the record was cancelled meanwhile. */
export type JobOutcome = {
  status: JobStatus;
  result?: Record<string, unknown> | null;
  error?: string | null;
  progress?: number;
};

/** Writes one outcome to several running records at once (a batch of no-op jobs shares one). */
export async function settleJobs(tx: Tx, ids: string[], outcome: JobOutcome): Promise<JobRow[]> {
  if (ids.length === 0) return [];
  const finished = outcome.status === 'completed' || outcome.status === 'failed';
  return tx
    .update(jobRecords)
    .set({
      status: outcome.status,
      result: outcome.result ?? null,
      error: outcome.error ?? null,
      ...(outcome.progress === undefined ? {} : { progress: outcome.progress }),
      finishedAt: finished ? new Date() : null,
      updatedAt: new Date(),
    })
    .where(and(inArray(jobRecords.id, ids), eq(jobRecords.status, 'running')))
    .returning();
}

export async function settleJob(tx: Tx, id: string, outcome: JobOutcome): Promise<JobRow | undefined> {
  const finished = outcome.status === 'completed' || outcome.status === 'failed';
  const rows = await tx
    .update(jobRecords)
    .set({
      status: outcome.status,
      result: outcome.result ?? null,
      error: outcome.error ?? null,
      ...(outcome.progress === undefined ? {} : { progress: outcome.progress }),
      finishedAt: finished ? new Date() : null,
      updatedAt: new Date(),
    })
    .where(and(eq(jobRecords.id, id), eq(jobRecords.status, 'running')))
    .returning();
  return rows[0];
}

export async function recordProgress(
  tx: Tx,
  id: string,
  progress: number,
  step: string | null,
): Promise<JobRow | undefined> {
  const rows = await tx
    .update(jobRecords)
    .set({ progress, step, updatedAt: new Date() })
    .where(and(eq(jobRecords.id, id), eq(jobRecords.status, 'running')))
    .returning();
  return rows[0];
}

export async function cancelJobRecord(tx: Tx, projectId: string, id: string): Promise<JobRow | undefined> {
  const rows = await tx
    .update(jobRecords)
    .set({ status: 'cancelled', finishedAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(jobRecords.projectId, projectId),
        eq(jobRecords.id, id),
        inArray(jobRecords.status, ['pending', 'running']),
      ),
    )
    .returning();
  return rows[0];
}

export async function requeueJobRecord(
  tx: Tx,
  projectId: string,
  id: string,
  bossJobId: string,
): Promise<JobRow | undefined> {
  const rows = await tx
    .update(jobRecords)
    .set({
      status: 'pending',
      progress: 0,
      step: null,
      error: null,
      result: null,
      finishedAt: null,
      bossJobId,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(jobRecords.projectId, projectId),
        eq(jobRecords.id, id),
        inArray(jobRecords.status, ['failed', 'cancelled']),
      ),
    )
    .returning();
  return rows[0];
}

export async function jobStatus(tx: Tx, id: string): Promise<JobStatus | undefined> {
  const rows = await tx.select({ status: jobRecords.status }).from(jobRecords).where(eq(jobRecords.id, id)).limit(1);
  return rows[0]?.status;
}
