import type { App, ServiceContext } from '../../platform/context.js';
import { requireScope } from '../../platform/http/access.js';
import { actorContext } from '../../platform/http/actor.js';
import { badRequest } from '../../platform/http/problems.js';
import { Page, ProjectIdParams, problemResponses } from '../../platform/http/schemas.js';
import { JobView } from '../../platform/jobs/catalog.js';
import { listActivity } from './activity.js';
import {
  ActivityEntrySchema,
  ActivityQuery,
  Catalog,
  CloudEventSchema,
  DeadLetter,
  DeadLetterQuery,
  EventLogQuery,
  ReplayBody,
  Stats,
  StatsQuery,
  StreamQuery,
} from './schemas.js';
import * as events from './service.js';

function lastEventId(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) throw badRequest('Last-Event-ID must be a sequence number from this stream.');
  return Number(value);
}

export function registerEventRoutes(app: App, context: ServiceContext): void {
  app.get(
    '/api/v1/events/catalog',
    {
      schema: {
        tags: ['events'],
        summary: 'Every event type with its version and the JSON Schema of its data; the subscribers that react',
        response: { 200: Catalog, ...problemResponses },
      },
    },
    async () => events.describeCatalog(context),
  );

  app.get(
    '/api/v1/projects/:projectId/events',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['events'],
        summary: "The project's event log, newest first (CloudEvents 1.0)",
        params: ProjectIdParams,
        querystring: EventLogQuery,
        response: { 200: Page(CloudEventSchema), ...problemResponses },
      },
    },
    (request) =>
      events.listEvents(context, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/api/v1/projects/:projectId/activity',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['events'],
        summary:
          "The project's activity, newest first: the event log with each import or bulk change as one entry " +
          '(counts per event type) and repeated moves of a blip in a row as one',
        params: ProjectIdParams,
        querystring: ActivityQuery,
        response: { 200: Page(ActivityEntrySchema), ...problemResponses },
      },
    },
    (request) => listActivity(context, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/api/v1/projects/:projectId/events/stats',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'Events per day and type (activity chart)',
        params: ProjectIdParams,
        querystring: StatsQuery,
        response: { 200: Stats, ...problemResponses },
      },
    },
    (request) => events.eventStats(context, requireScope(request), request.query.days ?? 30),
  );

  app.get(
    '/api/v1/projects/:projectId/events/stream',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'Live events as Server-Sent Events; resumable with Last-Event-ID (or ?after=)',
        params: ProjectIdParams,
        querystring: StreamQuery,
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const after = lastEventId(request.headers['last-event-id']) ?? request.query.after;
      reply.hijack();
      const closed = new Promise<void>((resolve) => reply.raw.on('close', resolve));
      await events.streamEvents(
        context,
        requireScope(request),
        { after, types: request.query.type, requestId: request.id },
        reply.raw,
        closed,
      );
    },
  );

  app.get(
    '/api/v1/projects/:projectId/events/dead-letters',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['events'],
        summary: 'Events a subscriber gave up on after its retries',
        params: ProjectIdParams,
        querystring: DeadLetterQuery,
        response: { 200: Page(DeadLetter), ...problemResponses },
      },
    },
    (request) =>
      events.listDeadLetters(context, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/api/v1/projects/:projectId/events/replay',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['events'],
        summary: 'Re-deliver dead letters (or chosen events) to one subscriber, as a job',
        params: ProjectIdParams,
        body: ReplayBody,
        response: { 202: JobView, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await events.replayToSubscriber(context, requireScope(request), actorContext(request), request.body)),
  );
}
