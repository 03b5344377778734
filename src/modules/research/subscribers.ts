import type { Subscriber } from '../../platform/events/subscribers.js';
import type { BlobStore } from '../../platform/storage/blob-store.js';
import { projectDeleted } from '../projects/events.js';

/**
 * Deleting a project cascades its attachment rows in the database, but the files live in the blob store: this
 * removes the project's folder (or S3 prefix) once the deletion has committed. Removing a folder that is already
 * gone is harmless, so a redelivery after a crash does no damage.
 */
export function attachmentPurgeSubscriber(blobs: () => BlobStore): Subscriber {
  return {
    name: 'research-attachment-purge',
    types: [projectDeleted.type],
    async handle(event) {
      await blobs().deletePrefix(event.projectid);
    },
  };
}
