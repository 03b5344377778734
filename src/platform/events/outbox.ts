import { sql } from 'drizzle-orm';
import { Value } from 'typebox/value';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../db/database.js';
import type { ActorContext } from '../http/actor.js';
import type { EventData, EventDefinition } from './catalog.js';
import { events } from './tables.js';

/** The channel committed events are announced on (NOTIFY is delivered only when the transaction commits). */
export const EVENTS_CHANNEL = 'cc_events';

// Any constant works; every process appending events must use the same one.
const APPEND_LOCK_KEY = 4_242_002;

export interface PendingEvent<D extends EventDefinition = EventDefinition> {
  definition: D;
  subject: string;
  data: EventData<D>;
}

/** Who caused an event, as the CloudEvents `actor` extension: `user:<id>`, `api_key:<id>` or `system`. */
export function actorLabel(actor: ActorContext): string {
  const principal = actor.principal;
  if (principal === null) return 'system';
  return principal.kind === 'api_key' ? `api_key:${principal.keyId}` : `user:${principal.userId}`;
}

/**
 * Appends events to the outbox inside the caller's transaction: they commit with the change or not at all.
 * The advisory lock makes positions follow commit order (a later-committing writer waits and gets a higher
 * position), so a reader that has seen position N has seen everything before it. Call it last in a transaction
 * to keep the lock short.
 */
export async function appendEvents(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  pending: PendingEvent[],
): Promise<string[]> {
  if (pending.length === 0) return [];
  for (const event of pending) {
    if (!Value.Check(event.definition.schema, event.data)) {
      const first = [...Value.Errors(event.definition.schema, event.data)][0];
      throw new Error(
        `event ${event.definition.type} does not match its schema: ${first?.instancePath ?? ''} ${first?.message ?? ''}`,
      );
    }
  }
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
  const rows = pending.map((event) => ({
    id: uuidv7(),
    projectId,
    type: event.definition.type,
    version: event.definition.version,
    subject: event.subject,
    data: event.data as Record<string, unknown>,
    actor: actorLabel(actor),
    correlationId: actor.requestId,
  }));
  await tx.insert(events).values(rows);
  await tx.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${projectId})`);
  return rows.map((row) => row.id);
}

/** One event; see appendEvents. */
export function appendEvent<D extends EventDefinition>(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  definition: D,
  subject: string,
  data: EventData<D>,
): Promise<string[]> {
  return appendEvents(tx, projectId, actor, [{ definition, subject, data }]);
}
