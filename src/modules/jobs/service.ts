import type { ServiceContext } from '../../platform/context.js';
import type { ProjectScope } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { notFound } from '../../platform/http/problems.js';
import { presentJob } from '../../platform/jobs/jobs.js';
import * as store from '../../platform/jobs/store.js';
import { JOB_STATUSES, type JobStatus } from '../../platform/jobs/tables.js';

export async function listJobs(
  context: ServiceContext,
  scope: ProjectScope,
  query: { limit: number; cursor?: string; status?: string[]; type?: string },
) {
  const before = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await context.db.tenant(scope, (tx) =>
    store.listJobRecords(tx, scope.projectId, {
      status: query.status as JobStatus[] | undefined,
      type: query.type,
      before,
      limit: query.limit,
    }),
  );
  return toPage(rows.map(presentJob), query.limit, (job) => job.id);
}

export async function getJob(context: ServiceContext, scope: ProjectScope, jobId: string) {
  const row = await context.db.tenant(scope, (tx) => store.findJobRecord(tx, scope.projectId, jobId));
  if (row === undefined) throw notFound('Job');
  return presentJob(row);
}

export function cancelJob(context: ServiceContext, scope: ProjectScope, actor: ActorContext, jobId: string) {
  return context.jobs.cancel(scope.projectId, actor, jobId);
}

export function retryJob(context: ServiceContext, scope: ProjectScope, actor: ActorContext, jobId: string) {
  return context.jobs.retry(scope.projectId, actor, jobId);
}

/**
 * How the project's jobs went over the last `days` days: totals by status and by type, the success rate (completed
 * out of finished, cancelled jobs left out) and the mean run time of finished jobs.
 */
export async function summarizeJobs(context: ServiceContext, scope: ProjectScope, days: number) {
  const since = new Date(Date.now() - days * 86_400_000);
  const rows = await context.db.tenant(scope, (tx) => store.countJobsByTypeAndStatus(tx, scope.projectId, since));
  const byStatus = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
  const types = new Map<
    string,
    { type: string; total: number; completed: number; failed: number; runSeconds: number }
  >();
  for (const row of rows) {
    byStatus[row.status] += row.count;
    const entry = types.get(row.type) ?? { type: row.type, total: 0, completed: 0, failed: 0, runSeconds: 0 };
    entry.total += row.count;
    if (row.status === 'completed' || row.status === 'failed') {
      entry[row.status] += row.count;
      entry.runSeconds += (row.meanSeconds ?? 0) * row.count;
    }
    types.set(row.type, entry);
  }
  const rate = (completed: number, failed: number) =>
    completed + failed === 0 ? null : Math.round((completed / (completed + failed)) * 1000) / 1000;
  return {
    since: since.toISOString(),
    days,
    total: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
    byStatus,
    successRate: rate(byStatus.completed, byStatus.failed),
    byType: [...types.values()]
      .sort((a, b) => b.total - a.total || a.type.localeCompare(b.type))
      .map(({ runSeconds, ...entry }) => {
        const finished = entry.completed + entry.failed;
        return {
          ...entry,
          successRate: rate(entry.completed, entry.failed),
          meanRunSeconds: finished === 0 ? null : Math.round((runSeconds / finished) * 10) / 10,
        };
      }),
  };
}
