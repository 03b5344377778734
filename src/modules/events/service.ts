import type { ServerResponse } from 'node:http';
import type { ServiceContext } from '../../platform/context.js';
import { eventCatalog } from '../../platform/events/catalog.js';
import { type CloudEvent, toCloudEvent } from '../../platform/events/envelope.js';
import * as outboxStore from '../../platform/events/store.js';
import type { ProjectScope } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { invalid } from '../../platform/http/problems.js';
import { projectRoleOf } from '../projects/service.js';
import { createReplayJob } from './jobs.js';
import { readEventStats } from './store.js';

export function describeCatalog(context: ServiceContext) {
  return {
    // A JSON round trip drops TypeBox's symbol-keyed bookkeeping and leaves plain JSON Schema.
    events: eventCatalog().map((definition) => ({
      type: definition.type,
      name: definition.name,
      version: definition.version,
      description: definition.description,
      schema: JSON.parse(JSON.stringify(definition.schema)) as Record<string, unknown>,
    })),
    subscribers: context.subscribers.map((subscriber) => ({
      name: subscriber.name,
      types: subscriber.types ? [...subscriber.types] : null,
    })),
  };
}

export async function listEvents(
  context: ServiceContext,
  scope: ProjectScope,
  query: { limit: number; cursor?: string; type?: string[]; since?: string; until?: string },
) {
  const before = decodeCursor(query.cursor, /^\d+$/);
  const rows = await context.db.tenant(scope, (tx) =>
    outboxStore.listProjectEvents(tx, scope.projectId, {
      types: query.type,
      since: query.since,
      until: query.until,
      before: before === undefined ? undefined : Number(before),
      limit: query.limit,
    }),
  );
  const page = toPage(rows, query.limit, (row) => String(row.position));
  return { items: page.items.map(toCloudEvent), nextCursor: page.nextCursor };
}

export async function eventStats(context: ServiceContext, scope: ProjectScope, days: number) {
  const since = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const rows = await context.db.tenant(scope, (tx) => readEventStats(tx, scope.projectId, since));
  return { since, days: rows };
}

export async function listDeadLetters(
  context: ServiceContext,
  scope: ProjectScope,
  query: { limit: number; cursor?: string; subscriber?: string; includeReplayed?: boolean },
) {
  const before = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await context.db.tenant(scope, (tx) =>
    outboxStore.listDeadLetters(tx, scope.projectId, {
      subscriber: query.subscriber,
      includeReplayed: query.includeReplayed ?? false,
      before,
      limit: query.limit,
    }),
  );
  const page = toPage(rows, query.limit, (row) => row.id);
  return {
    items: page.items.map((row) => ({
      id: row.id,
      subscriber: row.subscriber,
      eventId: row.eventId,
      eventSequence: row.eventPosition,
      eventType: row.eventType,
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: row.createdAt.toISOString(),
      replayedAt: row.replayedAt?.toISOString() ?? null,
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * Replays events to one subscriber as a job. Forgetting the idempotency keys, marking the dead letters replayed
 * and enqueueing the job commit together, so the job can be retried safely.
 */
export async function replayToSubscriber(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  request: { subscriber: string; deadLetterIds?: string[]; eventIds?: string[] },
) {
  if (!context.subscribers.some((subscriber) => subscriber.name === request.subscriber)) {
    throw invalid([{ pointer: '/body/subscriber', detail: `no subscriber is named ${request.subscriber}` }]);
  }
  if ((request.deadLetterIds === undefined) === (request.eventIds === undefined)) {
    throw invalid([{ pointer: '/body', detail: 'give exactly one of deadLetterIds or eventIds' }]);
  }
  return context.db.tenant(scope, async (tx) => {
    const eventIds = new Set(request.eventIds ?? []);
    for (const id of request.deadLetterIds ?? []) {
      const letter = await outboxStore.markDeadLetterReplayed(tx, scope.projectId, id);
      if (letter === undefined || letter.subscriber !== request.subscriber) {
        throw invalid([
          { pointer: '/body/deadLetterIds', detail: `${id} is not an unreplayed dead letter of ${request.subscriber}` },
        ]);
      }
      eventIds.add(letter.eventId);
    }
    for (const id of eventIds) {
      if ((await outboxStore.findEventById(tx, scope.projectId, id)) === undefined) {
        throw invalid([{ pointer: '/body/eventIds', detail: `event ${id} is not in this project` }]);
      }
    }
    await outboxStore.forgetProcessed(tx, scope.projectId, request.subscriber, [...eventIds]);
    return context.jobs.enqueue(tx, scope.projectId, actor, createReplayJob(context.subscribers), {
      subscriber: request.subscriber,
      eventIds: [...eventIds],
    });
  });
}

/**
 * Streams the project's committed events as Server-Sent Events: first those after `after` (the client's
 * Last-Event-ID), then live ones, each exactly once and in order. Heartbeats keep proxies from closing the stream;
 * at each one the caller's membership is checked again, and the stream ends when it is gone.
 */
export async function streamEvents(
  context: ServiceContext,
  scope: ProjectScope,
  options: { after?: number; types?: string[]; requestId: string },
  response: ServerResponse,
  closed: Promise<void>,
): Promise<void> {
  const wanted = options.types === undefined ? undefined : new Set(options.types);
  let lastSent = options.after ?? Number.POSITIVE_INFINITY;
  let live = false;
  const buffered: CloudEvent[] = [];
  const send = (event: CloudEvent) => {
    if (event.sequence <= lastSent) return;
    lastSent = event.sequence;
    if (wanted !== undefined && !wanted.has(event.type)) return;
    response.write(`id: ${event.sequence}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  const subscription = context.feed.subscribe(scope.projectId, (event) => (live ? send(event) : buffered.push(event)));
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': options.requestId,
  });
  response.write('retry: 3000\n\n');
  if (options.after === undefined) {
    lastSent = subscription.position;
  } else {
    lastSent = options.after;
    for (let replayed = 0; replayed < 10_000; ) {
      const batch = await context.db.tenant(scope, (tx) =>
        outboxStore.readEventsAfter(tx, lastSent, 500, { projectId: scope.projectId }),
      );
      if (batch.length === 0) break;
      for (const row of batch) send(toCloudEvent(row));
      replayed += batch.length;
    }
  }
  live = true;
  for (const event of buffered.splice(0)) send(event);

  let stillMember = true;
  const heartbeat = setInterval(() => {
    response.write(': heartbeat\n\n');
    projectRoleOf(context.db, scope.actor, scope.projectId)
      .then((role) => {
        if (role === null && stillMember) {
          stillMember = false;
          response.end();
        }
      })
      .catch(() => undefined);
  }, context.config.sseHeartbeatSeconds * 1000);
  await closed;
  clearInterval(heartbeat);
  subscription.unsubscribe();
}
