import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { deadLetters, eventCursors, eventOutbox, events, processedEvents } from './tables.js';

export type EventRow = typeof events.$inferSelect;
export type DeadLetterRow = typeof deadLetters.$inferSelect;

/**
 * Moves the events of committed transactions from the outbox into the log (`cc_sequence_events()`, ADR 0040) and
 * returns how many it moved. One statement, so it can run on its own (autocommit) in one round trip; inside a
 * transaction the sequencer's lock is held until that transaction ends.
 */
export const SEQUENCE_EVENTS = 'SELECT cc_sequence_events() AS moved';

export async function sequenceEvents(tx: Tx): Promise<number> {
  const result = await tx.execute(sql.raw(SEQUENCE_EVENTS));
  return Number((result as unknown as { rows: Array<{ moved: number }> }).rows[0]?.moved ?? 0);
}

/**
 * Read-your-writes for a project's log: when the project has committed events still in the outbox (the caller's own,
 * just written), sequences them first; otherwise costs one probe and takes no lock.
 */
async function sequenceProjectBacklog(tx: Tx, projectId: string): Promise<void> {
  await tx.execute(
    sql`SELECT cc_sequence_events() WHERE EXISTS (SELECT 1 FROM ${eventOutbox} WHERE ${eventOutbox.projectId} = ${projectId})`,
  );
}

/** Events after `position` in position order, across projects (system) or the scoped project (tenant). */
export async function readEventsAfter(
  tx: Tx,
  position: number,
  limit: number,
  filter: { projectId?: string; types?: string[] } = {},
): Promise<EventRow[]> {
  return tx
    .select()
    .from(events)
    .where(
      and(
        gt(events.position, position),
        filter.projectId === undefined ? undefined : eq(events.projectId, filter.projectId),
        filter.types === undefined ? undefined : inArray(events.type, filter.types),
      ),
    )
    .orderBy(asc(events.position))
    .limit(limit);
}

export async function latestPosition(tx: Tx): Promise<number> {
  const rows = await tx.select({ position: sql<string | null>`max(${events.position})` }).from(events);
  return Number(rows[0]?.position ?? 0);
}

/**
 * The position a live stream starts after when the client asks for nothing older: the project's last event once
 * everything it had committed is in the log, so an event committed before the stream opened is never sent as live.
 */
export async function projectHead(tx: Tx, projectId: string): Promise<number> {
  await sequenceProjectBacklog(tx, projectId);
  const rows = await tx
    .select({ position: sql<string | null>`max(${events.position})` })
    .from(events)
    .where(eq(events.projectId, projectId));
  return Number(rows[0]?.position ?? 0);
}

export async function findEventById(tx: Tx, projectId: string, id: string): Promise<EventRow | undefined> {
  await sequenceProjectBacklog(tx, projectId);
  const rows = await tx
    .select()
    .from(events)
    .where(and(eq(events.projectId, projectId), eq(events.id, id)))
    .limit(1);
  return rows[0];
}

export interface EventLogFilter {
  types?: string[];
  since?: string;
  until?: string;
  before?: number;
  limit: number;
}

/** The project's log, newest first, including what the caller committed a moment ago. */
export async function listProjectEvents(tx: Tx, projectId: string, filter: EventLogFilter): Promise<EventRow[]> {
  await sequenceProjectBacklog(tx, projectId);
  const conditions: SQL[] = [eq(events.projectId, projectId)];
  if (filter.types !== undefined) conditions.push(inArray(events.type, filter.types));
  if (filter.since !== undefined) conditions.push(gte(events.time, new Date(filter.since)));
  if (filter.until !== undefined) conditions.push(lte(events.time, new Date(filter.until)));
  if (filter.before !== undefined) conditions.push(lt(events.position, filter.before));
  return tx
    .select()
    .from(events)
    .where(and(...conditions))
    .orderBy(desc(events.position))
    .limit(filter.limit + 1);
}

export async function readCursor(tx: Tx, subscriber: string): Promise<number | undefined> {
  const rows = await tx.select().from(eventCursors).where(eq(eventCursors.subscriber, subscriber)).limit(1);
  return rows[0]?.position;
}

export async function saveCursor(tx: Tx, subscriber: string, position: number): Promise<void> {
  await tx
    .insert(eventCursors)
    .values({ subscriber, position })
    .onConflictDoUpdate({ target: eventCursors.subscriber, set: { position, updatedAt: new Date() } });
}

/** Claims the idempotency key; false when this subscriber already applied the event. */
export async function claimProcessed(tx: Tx, subscriber: string, eventId: string, projectId: string): Promise<boolean> {
  const rows = await tx
    .insert(processedEvents)
    .values({ subscriber, eventId, projectId })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  return rows.length > 0;
}

export async function insertDeadLetter(tx: Tx, row: typeof deadLetters.$inferInsert): Promise<void> {
  await tx.insert(deadLetters).values(row);
}

export async function listDeadLetters(
  tx: Tx,
  projectId: string,
  filter: { subscriber?: string; includeReplayed: boolean; before?: string; limit: number },
): Promise<DeadLetterRow[]> {
  return tx
    .select()
    .from(deadLetters)
    .where(
      and(
        eq(deadLetters.projectId, projectId),
        filter.subscriber === undefined ? undefined : eq(deadLetters.subscriber, filter.subscriber),
        filter.includeReplayed ? undefined : isNull(deadLetters.replayedAt),
        filter.before === undefined ? undefined : lt(deadLetters.id, filter.before),
      ),
    )
    .orderBy(desc(deadLetters.id))
    .limit(filter.limit + 1);
}

export async function markDeadLetterReplayed(
  tx: Tx,
  projectId: string,
  id: string,
): Promise<DeadLetterRow | undefined> {
  const rows = await tx
    .update(deadLetters)
    .set({ replayedAt: new Date() })
    .where(and(eq(deadLetters.projectId, projectId), eq(deadLetters.id, id), isNull(deadLetters.replayedAt)))
    .returning();
  return rows[0];
}

/** Forgets that a subscriber applied these events, so a replay applies them again. */
export async function forgetProcessed(
  tx: Tx,
  projectId: string,
  subscriber: string,
  eventIds: string[],
): Promise<void> {
  if (eventIds.length === 0) return;
  await tx
    .delete(processedEvents)
    .where(
      and(
        eq(processedEvents.projectId, projectId),
        eq(processedEvents.subscriber, subscriber),
        inArray(processedEvents.eventId, eventIds),
      ),
    );
}
