import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/tables.js';
import { projects } from '../projects/tables.js';

/** `github` is reserved for the GitHub slice; this one adds local paths and git URLs. */
export const REPOSITORY_KINDS = ['local', 'git', 'github'] as const;
export type RepositoryKind = (typeof REPOSITORY_KINDS)[number];
export const SYNC_STATUSES = ['pending', 'syncing', 'synced', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

// Millisecond precision: JavaScript dates round-trip exactly, so keyset cursors on timestamps never skip a row.
const stamp = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

const projectRef = () =>
  uuid('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' });

export const repositories = pgTable(
  'repositories',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    kind: text('kind').$type<RepositoryKind>().notNull(),
    /** What git fetches from: the real path of a local repository, or the URL as given (host lower-cased). */
    location: text('location').notNull(),
    /** The location compared for duplicates: case and a trailing `.git` or `/` do not make another repository. */
    locationKey: text('location_key').notNull(),
    displayName: text('display_name').notNull(),
    defaultBranch: text('default_branch'),
    lastSyncedSha: text('last_synced_sha'),
    syncStatus: text('sync_status').$type<SyncStatus>().notNull().default('pending'),
    syncError: text('sync_error'),
    /** The job record of the latest sync asked for: a second request while it is pending or running gets it back. */
    syncJobId: uuid('sync_job_id'),
    lastSyncedAt: stamp('last_synced_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('repositories_project_location_idx').on(table.projectId, table.locationKey),
    index('repositories_project_id_idx').on(table.projectId, table.id),
    check('repositories_kind_check', sql`${table.kind} IN ('local', 'git', 'github')`),
    check('repositories_sync_status_check', sql`${table.syncStatus} IN ('pending', 'syncing', 'synced', 'failed')`),
  ],
);

const repositoryRef = () =>
  uuid('repository_id')
    .notNull()
    .references(() => repositories.id, { onDelete: 'cascade' });

/** The branches as of the last sync; a sync replaces them all. */
export const repositoryBranches = pgTable(
  'repository_branches',
  {
    projectId: projectRef(),
    repositoryId: repositoryRef(),
    name: text('name').notNull(),
    headSha: text('head_sha').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.repositoryId, table.name] }),
    index('repository_branches_project_idx').on(table.projectId, table.repositoryId),
  ],
);

/** The tags as of the last sync, with the commit an annotated tag points at. */
export const repositoryTags = pgTable(
  'repository_tags',
  {
    projectId: projectRef(),
    repositoryId: repositoryRef(),
    name: text('name').notNull(),
    targetSha: text('target_sha').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.repositoryId, table.name] }),
    index('repository_tags_project_idx').on(table.projectId, table.repositoryId),
  ],
);

/** Every commit reachable from a branch or tag at the last sync. */
export const repositoryCommits = pgTable(
  'repository_commits',
  {
    projectId: projectRef(),
    repositoryId: repositoryRef(),
    sha: text('sha').notNull(),
    parentShas: text('parent_shas').array().notNull(),
    authorName: text('author_name').notNull(),
    authorEmail: text('author_email').notNull(),
    authoredAt: stamp('authored_at').notNull(),
    message: text('message').notNull(),
    filesChanged: integer('files_changed').notNull(),
    additions: integer('additions').notNull(),
    deletions: integer('deletions').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.repositoryId, table.sha] }),
    index('repository_commits_recent_idx').on(table.projectId, table.repositoryId, table.authoredAt, table.sha),
  ],
);
