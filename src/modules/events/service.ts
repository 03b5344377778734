import type { ServerResponse } from 'node:http';
import type { ServiceContext } from '../../platform/context.js';
import { eventCatalog } from '../../platform/events/catalog.js';
import { type CloudEvent, toCloudEvent } from '../../platform/events/envelope.js';
import { endMessage, type StreamEndReason } from '../../platform/events/live-streams.js';
import * as outboxStore from '../../platform/events/store.js';
import type { ProjectScope } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { invalid } from '../../platform/http/problems.js';
import { apiKeyRevoked, apiKeySuspended } from '../identity/events.js';
import { memberRemoved, memberRoleChanged, projectDeleted } from '../projects/events.js';
import { currentRoleOf } from '../projects/service.js';
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

/** Events that may take the stream's credential away: seeing one re-checks access before anything else is sent. */
const ACCESS_EVENTS = new Set(
  [apiKeyRevoked, apiKeySuspended, memberRemoved, memberRoleChanged, projectDeleted].map((event) => event.type),
);

/**
 * Streams the project's committed events as Server-Sent Events: first those after `after` (the client's
 * Last-Event-ID), then live ones, each exactly once and in order. The credential is checked again at every heartbeat
 * and whenever an event that could withdraw it goes by (a key revoked or suspended, a membership removed or
 * changed, the project deleted); when it no longer reaches the project, or the access token expires, or the process
 * shuts down, the stream ends with a final `end` event that says why.
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
  let ended = false;
  let recheckNeeded = false;
  let checking: Promise<void> | undefined;
  const pending: CloudEvent[] = [];

  const end = (reason: StreamEndReason) => {
    if (ended) return;
    ended = true;
    response.end(endMessage(reason));
  };
  const deliver = (event: CloudEvent) => {
    if (ended || event.sequence <= lastSent) return;
    lastSent = event.sequence;
    if (wanted !== undefined && !wanted.has(event.type)) return;
    response.write(`id: ${event.sequence}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  /** Whether the credential still reaches the project; ends the stream when it does not. */
  const stillAllowed = async (): Promise<boolean> => {
    const { actor } = scope;
    if (actor.kind === 'user' && actor.expiresAt !== undefined && actor.expiresAt <= new Date()) {
      end('credential-expired');
      return false;
    }
    const role = await currentRoleOf(context.db, actor, scope.projectId).catch(() => undefined);
    if (role === undefined) end('recheck-failed');
    else if (role === null) end('access-withdrawn');
    return !ended;
  };
  /** Sends what is pending, re-checking access first when asked; events covered by a check wait for its answer. */
  const pump = (): void => {
    if (!live || ended || checking !== undefined) return;
    if (!recheckNeeded) {
      for (const event of pending.splice(0)) deliver(event);
      return;
    }
    recheckNeeded = false;
    const covered = pending.length;
    checking = stillAllowed().then((allowed) => {
      checking = undefined;
      if (!allowed) return;
      for (const event of pending.splice(0, covered)) deliver(event);
      pump();
    });
  };

  const subscription = context.feed.subscribe(scope.projectId, (event) => {
    if (ended) return;
    pending.push(event);
    if (ACCESS_EVENTS.has(event.type)) recheckNeeded = true;
    pump();
  });
  const forget = context.streams.add({ end });
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': options.requestId,
    });
    response.write('retry: 3000\n\n');
    if (context.streams.closing) end('shutdown');
    if (options.after === undefined) {
      lastSent = await context.db.tenant(scope, (tx) => outboxStore.projectHead(tx, scope.projectId));
    } else {
      lastSent = options.after;
      for (let replayed = 0; replayed < 10_000 && !ended; ) {
        const batch = await context.db.tenant(scope, (tx) =>
          outboxStore.readEventsAfter(tx, lastSent, 500, { projectId: scope.projectId }),
        );
        if (batch.length === 0) break;
        for (const row of batch) deliver(toCloudEvent(row));
        replayed += batch.length;
      }
    }
    live = true;
    pump();
    heartbeat = setInterval(() => {
      if (ended) return;
      response.write(': heartbeat\n\n');
      recheckNeeded = true;
      pump();
    }, context.config.sseHeartbeatSeconds * 1000);
  } catch {
    // The replay failed (the database went away): end the stream so the client reconnects, rather than hang.
    end('recheck-failed');
  }
  await closed;
  clearInterval(heartbeat);
  subscription.unsubscribe();
  forget();
}
