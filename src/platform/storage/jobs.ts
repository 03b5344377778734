import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { defineJob } from '../jobs/catalog.js';
import { type BlobStoreSettings, sharedBlobStore } from './open.js';
import { storedBlobs } from './tables.js';

/**
 * Removes everything a deleted project kept in the blob store, and the ledger rows naming it. Enqueued by the
 * transaction that deletes the project, so the bytes go once (and only once) the deletion committed; the I/O runs
 * here, outside any transaction. Idempotent: removing a prefix that is already gone is harmless.
 */
export function projectContentPurgeJob(config: BlobStoreSettings) {
  return defineJob({
    name: 'storage.purge_project',
    description: "Remove a deleted project's stored files",
    schema: Type.Object({}),
    policy: {
      retryLimit: 5,
      retryDelaySeconds: 10,
      retryBackoff: true,
      expireInSeconds: 1800,
      heartbeatSeconds: 30,
      concurrency: 1,
      batchSize: 1,
    },
    async run(context) {
      const removed = await sharedBlobStore(config).deletePrefix(context.projectId);
      await context.db.tenant({ projectId: context.projectId }, (tx) =>
        tx.delete(storedBlobs).where(sql`${storedBlobs.projectId} = ${context.projectId}`),
      );
      return { removed: removed ?? null };
    },
  });
}
