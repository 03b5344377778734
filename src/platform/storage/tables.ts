import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const STORED_BLOB_STATES = ['writing', 'live', 'deleting'] as const;
export type StoredBlobState = (typeof STORED_BLOB_STATES)[number];

/**
 * The ledger of what a project keeps in the blob store, written before the bytes are (ADR 0045). A row is
 * `writing` while its upload runs outside any transaction, `live` once the metadata that uses it committed, and
 * `deleting` once nothing uses it and a job is about to remove the bytes. Every generation of the same content gets
 * its own key, so a deletion of an old generation can never remove bytes a newer upload just wrote.
 *
 * `project_id` has no foreign key on purpose: a deleted project's rows stay until its purge job has removed the bytes
 * they name.
 */
export const storedBlobs = pgTable(
  'stored_blobs',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id').notNull(),
    /** The module's name for its use of the store (`research.attachments`): owners never share content. */
    owner: text('owner').notNull(),
    sha256: text('sha256').notNull(),
    key: text('key').notNull().unique(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    state: text('state').$type<StoredBlobState>().notNull(),
    stateChangedAt: timestamp('state_changed_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('stored_blobs_live_idx')
      .on(table.projectId, table.owner, table.sha256)
      .where(sql`${table.state} = 'live'`),
    index('stored_blobs_state_idx').on(table.projectId, table.owner, table.state, table.stateChangedAt),
  ],
);
