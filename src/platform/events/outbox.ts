import { Value } from 'typebox/value';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../db/database.js';
import type { ActorContext } from '../http/actor.js';
import type { EventData, EventDefinition } from './catalog.js';
import { eventOutbox } from './tables.js';

/**
 * The channel new log positions are announced on, by the sequencer's transaction (NOTIFY is delivered only when it
 * commits). Writers do not NOTIFY: PostgreSQL serialises the commits of notifying transactions (ADR 0040).
 */
export const EVENTS_CHANNEL = 'cc_events';

// In-process: this process's sequencer looks at the outbox soon after an append instead of at its next poll.
const appendWatchers = new Set<() => void>();

/** Calls `watcher` whenever this process appends events (before they commit); returns the function that stops it. */
export function watchAppends(watcher: () => void): () => void {
  appendWatchers.add(watcher);
  return () => appendWatchers.delete(watcher);
}

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
 * Appends events to the outbox inside the caller's transaction: they commit with the change or not at all. Writers
 * do not wait for each other; once the transaction has committed, the sequencer moves its events into the log
 * together, after every event it moved before (ADR 0040). Call it last in a transaction: events of transactions
 * sequenced together are ordered by when each transaction first appended, so appending after reading what another
 * transaction committed places the event after that transaction's events.
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
  await tx.insert(eventOutbox).values(rows);
  for (const watcher of appendWatchers) watcher();
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
