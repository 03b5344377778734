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

/**
 * The outbox and the event log in one table. `position` is taken under a transaction-level advisory lock at append
 * time, so positions follow commit order and a reader never sees N+1 before N. `project_id` has no foreign key:
 * the record of a deleted project's last events stays.
 */
export const events = pgTable(
  'events',
  {
    position: bigserial('position', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    projectId: uuid('project_id').notNull(),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    subject: text('subject').notNull(),
    time: timestamp('time', { withTimezone: true }).notNull().defaultNow(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    actor: text('actor'),
    correlationId: text('correlation_id'),
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
