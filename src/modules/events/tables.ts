import { date, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/** Events per project, day and type, kept by the `event-stats` subscriber (exactly once per event). */
export const eventStats = pgTable(
  'event_stats',
  {
    projectId: uuid('project_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    type: text('type').notNull(),
    count: integer('count').notNull(),
  },
  (table) => [primaryKey({ columns: [table.projectId, table.day, table.type] })],
);
