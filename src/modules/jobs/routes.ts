import type { App, ServiceContext } from '../../platform/context.js';
import { requireScope } from '../../platform/http/access.js';
import { actorContext } from '../../platform/http/actor.js';
import { Page, ProjectIdParams, problemResponses } from '../../platform/http/schemas.js';
import { JobView } from '../../platform/jobs/catalog.js';
import { JobListQuery, JobParams, JobSummary, JobSummaryQuery } from './schemas.js';
import * as jobs from './service.js';

export function registerJobRoutes(app: App, context: ServiceContext): void {
  app.get(
    '/api/v1/projects/:projectId/jobs',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['jobs'],
        summary: "The project's jobs, newest first; filter by status and type",
        params: ProjectIdParams,
        querystring: JobListQuery,
        response: { 200: Page(JobView), ...problemResponses },
      },
    },
    (request) => jobs.listJobs(context, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/api/v1/projects/:projectId/jobs/summary',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['jobs'],
        summary: 'Jobs over a period: totals by status and type, success rate, mean run time',
        params: ProjectIdParams,
        querystring: JobSummaryQuery,
        response: { 200: JobSummary, ...problemResponses },
      },
    },
    (request) => jobs.summarizeJobs(context, requireScope(request), request.query.days ?? 30),
  );

  app.get(
    '/api/v1/projects/:projectId/jobs/:jobId',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['jobs'],
        summary: 'One job with progress, result and error',
        params: JobParams,
        response: { 200: JobView, ...problemResponses },
      },
    },
    (request) => jobs.getJob(context, requireScope(request), request.params.jobId),
  );

  app.post(
    '/api/v1/projects/:projectId/jobs/:jobId/cancel',
    {
      config: { minRole: 'member' },
      schema: {
        tags: ['jobs'],
        summary: 'Cancel a pending or running job',
        params: JobParams,
        response: { 200: JobView, ...problemResponses },
      },
    },
    (request) => jobs.cancelJob(context, requireScope(request), actorContext(request), request.params.jobId),
  );

  app.post(
    '/api/v1/projects/:projectId/jobs/:jobId/retry',
    {
      config: { minRole: 'member' },
      schema: {
        tags: ['jobs'],
        summary: 'Run a failed or cancelled job again',
        params: JobParams,
        response: { 200: JobView, ...problemResponses },
      },
    },
    (request) => jobs.retryJob(context, requireScope(request), actorContext(request), request.params.jobId),
  );
}
