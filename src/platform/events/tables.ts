import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** What an event is, in the outbox and in the log alike. */
function eventColumns() {
  return {
    id: uuid('id').notNull(),
    projectId: uuid('project_id').notNull(),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    subject: text('subject').notNull(),
    time: timestamp('time', { withTimezone: true }).notNull().defaultNow(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    actor: text('actor'),
    correlationId: text('correlation_id'),
  };
}

/**
 * Events written by transactions, not yet in the log. Writers only insert here, so event-writing transactions never
 * wait for each other (ADR 0040). `seq` is insertion order; `transaction_id` keeps one transaction's events together.
 * The sequencer (`cc_sequence_events()`, migration 0018) moves committed rows into `events`.
 */
export const eventOutbox = pgTable('event_outbox', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  transactionId: bigint('transaction_id', { mode: 'number' })
    .notNull()
    .default(sql`(pg_current_xact_id()::text)::bigint`),
  ...eventColumns(),
});

/**
 * The event log. `position` is given by the sequencer, one ordered mover at a time, to rows whose transactions have
 * committed: positions are gap-free and a reader that has seen position N has seen everything before it. `project_id`
 * has no foreign key: the record of a deleted project's last events stays.
 */
export const events = pgTable(
  'events',
  {
    position: bigint('position', { mode: 'number' }).primaryKey(),
    ...eventColumns(),
    id: uuid('id').notNull().unique(),
  },
  (table) => [
    index('events_project_position_idx').on(table.projectId, table.position),
    index('events_type_idx').on(table.type),
  ],
);

/** How far each subscriber has got in the in-process dispatcher (and the NATS relay, as subscriber `nats-relay`). */
export const eventCursors = pgTable('event_cursors', {
  subscriber: text('subscriber').primaryKey(),
  position: bigint('position', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Idempotency keys: a subscriber records the events it applied in the same transaction as its effect. */
export const processedEvents = pgTable(
  'processed_events',
  {
    subscriber: text('subscriber').notNull(),
    eventId: uuid('event_id').notNull(),
    projectId: uuid('project_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.subscriber, table.eventId] })],
);

/** Events a subscriber gave up on after its retries; visible in the API and replayable by an admin. */
export const deadLetters = pgTable(
  'event_dead_letters',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id').notNull(),
    subscriber: text('subscriber').notNull(),
    eventId: uuid('event_id').notNull(),
    eventPosition: bigint('event_position', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    attempts: integer('attempts').notNull(),
    lastError: text('last_error').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    replayedAt: timestamp('replayed_at', { withTimezone: true }),
  },
  (table) => [index('event_dead_letters_project_idx').on(table.projectId, table.id)],
);
