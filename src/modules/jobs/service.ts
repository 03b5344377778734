import type { ServiceContext } from '../../platform/context.js';
import type { ProjectScope } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { notFound } from '../../platform/http/problems.js';
import { presentJob } from '../../platform/jobs/jobs.js';
import * as store from '../../platform/jobs/store.js';
import type { JobStatus } from '../../platform/jobs/tables.js';

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
