import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The user-visible record of a job. pg-boss owns delivery (claiming, retries, expiry); this row is what people see
 * and what handlers report progress into. `boss_job_id` points at the current pg-boss job (a manual retry makes a
 * new one).
 */
export const jobRecords = pgTable(
  'job_records',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id').notNull(),
    type: text('type').notNull(),
    status: text('status').$type<JobStatus>().notNull(),
    progress: integer('progress').notNull().default(0),
    step: text('step'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    createdBy: uuid('created_by'),
    bossJobId: uuid('boss_job_id'),
    correlationId: text('correlation_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('job_records_project_idx').on(table.projectId, table.id),
    index('job_records_project_status_idx').on(table.projectId, table.status),
  ],
);
