import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/tables.js';
import { projects } from '../projects/tables.js';
import { technologies } from '../radar/tables.js';

export const RESEARCH_STATUSES = ['pending', 'in_progress', 'blocked', 'completed', 'cancelled'] as const;
export type ResearchStatus = (typeof RESEARCH_STATUSES)[number];
export const VERDICTS = ['adopt', 'trial', 'assess', 'hold'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

// Millisecond precision: JavaScript dates round-trip exactly, so keyset cursors on timestamps never skip a row.
const stamp = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

const projectRef = () =>
  uuid('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' });

export const researchTasks = pgTable(
  'research_tasks',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status').$type<ResearchStatus>().notNull().default('pending'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** A calendar day (no time): overdue means before today in UTC. */
    dueDate: date('due_date', { mode: 'string' }),
    progress: integer('progress').notNull().default(0),
    estimatedHours: doublePrecision('estimated_hours'),
    actualHours: doublePrecision('actual_hours'),
    findings: text('findings').notNull().default(''),
    verdict: text('verdict').$type<Verdict>(),
    confidence: text('confidence').$type<Confidence>(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    completedAt: stamp('completed_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (table) => [
    index('research_tasks_project_created_idx').on(table.projectId, table.id),
    index('research_tasks_project_status_idx').on(table.projectId, table.status),
    index('research_tasks_project_due_idx').on(table.projectId, table.dueDate, table.id),
    index('research_tasks_project_assignee_idx').on(table.projectId, table.assigneeId),
    index('research_tasks_tags_idx').using('gin', table.tags),
    check(
      'research_tasks_status_check',
      sql`${table.status} IN ('pending', 'in_progress', 'blocked', 'completed', 'cancelled')`,
    ),
    check('research_tasks_progress_check', sql`${table.progress} BETWEEN 0 AND 100`),
    // The completion rules (rules.ts) hold in the data too: completed exactly when progress is 100, stamped.
    check(
      'research_tasks_completion_check',
      sql`(${table.status} = 'completed') = (${table.progress} = 100) AND (${table.status} = 'completed') = (${table.completedAt} IS NOT NULL)`,
    ),
    check(
      'research_tasks_verdict_check',
      sql`${table.verdict} IS NULL OR ${table.verdict} IN ('adopt', 'trial', 'assess', 'hold')`,
    ),
    check(
      'research_tasks_confidence_check',
      sql`(${table.verdict} IS NULL AND ${table.confidence} IS NULL) OR ${table.confidence} IN ('low', 'medium', 'high')`,
    ),
    check(
      'research_tasks_hours_check',
      sql`coalesce(${table.estimatedHours}, 0) >= 0 AND coalesce(${table.actualHours}, 0) >= 0`,
    ),
  ],
);

/** Which technologies (radar module) a task studies. */
export const researchTaskTechnologies = pgTable(
  'research_task_technologies',
  {
    projectId: projectRef(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => researchTasks.id, { onDelete: 'cascade' }),
    technologyId: uuid('technology_id')
      .notNull()
      .references(() => technologies.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.taskId, table.technologyId] }),
    index('research_task_technologies_technology_idx').on(table.projectId, table.technologyId),
  ],
);

export const researchTaskComments = pgTable(
  'research_task_comments',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => researchTasks.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (table) => [index('research_task_comments_task_idx').on(table.projectId, table.taskId, table.id)],
);

/**
 * File metadata. The bytes live in the blob store under `blob_key`, one copy per project and content (its
 * `stored_blobs` row says which generation is live; ADR 0045).
 */
export const researchAttachments = pgTable(
  'research_attachments',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => researchTasks.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    blobKey: text('blob_key').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (table) => [
    index('research_attachments_task_idx').on(table.projectId, table.taskId, table.id),
    index('research_attachments_blob_idx').on(table.projectId, table.sha256),
  ],
);
