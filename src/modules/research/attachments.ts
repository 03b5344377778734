import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { ProjectScope } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { conflict, invalid, notFound, payloadTooLarge, unsupportedMediaType } from '../../platform/http/problems.js';
import { defineJob } from '../../platform/jobs/catalog.js';
import { BlobNotFoundError, BlobTooLargeError, type StagedBlob } from '../../platform/storage/blob-store.js';
import {
  type ContentOwner,
  collectUnused,
  confirmContent,
  discardGeneration,
  type Reservation,
  reserveContent,
} from '../../platform/storage/ledger.js';
import { type BlobStoreSettings, sharedBlobStore } from '../../platform/storage/open.js';
import { cleanFilename, contentMatchesType, effectiveContentType } from './attachment-rules.js';
import { appendResearchEvents, researchTaskAttachmentAdded, researchTaskAttachmentRemoved } from './events.js';
import * as store from './store.js';
import { actingUserId, requireTask, subjectOf } from './task-scope.js';

/** Attachments' use of the blob store: content is shared by the project's attachments with the same bytes. */
const ATTACHMENT_CONTENT: ContentOwner = {
  name: 'research.attachments',
  references: (tx, projectId, sha256) => store.blobReferences(tx, projectId, sha256),
};

function presentAttachment(row: store.AttachmentRow) {
  return {
    id: row.id,
    taskId: row.taskId,
    filename: row.filename,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** An upload as the HTTP layer hands it over: the name and type it declared, and its bytes still unread. */
export interface UploadSource {
  filename: string;
  declaredType: string | undefined;
  stream: Readable;
}

export async function listAttachments(
  context: ServiceContext,
  scope: ProjectScope,
  taskId: string,
  query: { limit: number; cursor?: string },
) {
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  return context.db.tenant(scope, async (tx) => {
    await requireTask(tx, scope.projectId, taskId);
    const rows = await store.listAttachments(tx, scope.projectId, taskId, after, query.limit);
    return toPage(rows.map(presentAttachment), query.limit, (attachment) => attachment.id);
  });
}

/** Raised inside the recording transaction when the generation an upload relied on was collected meanwhile. */
class GenerationGone extends Error {}

/**
 * Stores an upload: the type must be allowed (415) before a byte is read, the task must exist (404), the size must
 * stay within CC_ATTACHMENT_MAX_BYTES (413, noticed while streaming), and the bytes must look like the declared
 * type (422). The bytes are written with no transaction open (ADR 0045); the transaction that records the
 * attachment only confirms them.
 */
export async function addAttachment(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  taskId: string,
  upload: UploadSource,
) {
  const filename = cleanFilename(upload.filename);
  if (filename === '') {
    upload.stream.resume();
    throw invalid([{ pointer: '/body/file', detail: 'the file needs a name' }]);
  }
  const contentType = effectiveContentType(upload.declaredType, filename);
  if (!context.config.attachmentTypes.includes(contentType)) {
    upload.stream.resume();
    throw unsupportedMediaType(
      `Attachments of type ${contentType} are not accepted here; allowed: ${context.config.attachmentTypes.join(', ')}.`,
    );
  }
  await context.db
    .tenant(scope, (tx) => requireTask(tx, scope.projectId, taskId))
    .catch((error: unknown) => {
      upload.stream.resume();
      throw error;
    });

  const blobs = sharedBlobStore(context.config);
  let staged: StagedBlob;
  try {
    staged = await blobs.stage(upload.stream, context.config.attachmentMaxBytes);
  } catch (error) {
    if (error instanceof BlobTooLargeError) {
      throw payloadTooLarge(`Attachments may be at most ${context.config.attachmentMaxBytes} bytes.`);
    }
    throw error;
  }
  let written: Reservation | undefined;
  try {
    if (staged.sizeBytes === 0) throw invalid([{ pointer: '/body/file', detail: 'the file is empty' }]);
    if (!contentMatchesType(contentType, staged.head)) {
      throw invalid([{ pointer: '/body/file', detail: `the content is not ${contentType}` }]);
    }
    // Reusing a live generation can lose to a collection that takes it between reserve and confirm; the second
    // reservation then writes a new generation, which nothing else can take before it is confirmed.
    for (;;) {
      const reservation = await reserveContent(context.db, scope.projectId, ATTACHMENT_CONTENT.name, staged);
      if (reservation.mustWrite) {
        await blobs.commit(staged, reservation.key);
        written = reservation;
      }
      try {
        const { row, abandoned } = await context.db.tenant(scope, async (tx) => {
          await requireTask(tx, scope.projectId, taskId, true);
          const confirmed = await confirmContent(tx, scope.projectId, ATTACHMENT_CONTENT.name, reservation);
          if (confirmed === undefined) throw new GenerationGone();
          const inserted = await recordAttachment(tx, scope, actor, taskId, {
            filename,
            contentType,
            staged,
            blobKey: confirmed.key,
          });
          return { row: inserted, abandoned: confirmed.abandoned };
        });
        if (abandoned) await discardGeneration(context.db, blobs, scope.projectId, reservation);
        return presentAttachment(row);
      } catch (error) {
        if (error instanceof GenerationGone && !reservation.mustWrite) continue;
        if (error instanceof GenerationGone) {
          throw conflict('The upload took too long to be recorded; send it again.', 'upload-expired');
        }
        throw error;
      }
    }
  } catch (error) {
    if (written !== undefined) {
      await discardGeneration(context.db, blobs, scope.projectId, written).catch(() => undefined);
    }
    throw error;
  } finally {
    if (written === undefined) await blobs.discard(staged);
  }
}

async function recordAttachment(
  tx: Tx,
  scope: ProjectScope,
  actor: ActorContext,
  taskId: string,
  file: { filename: string; contentType: string; staged: StagedBlob; blobKey: string },
) {
  const inserted = await store.insertAttachment(tx, {
    id: uuidv7(),
    projectId: scope.projectId,
    taskId,
    filename: file.filename,
    contentType: file.contentType,
    sizeBytes: file.staged.sizeBytes,
    sha256: file.staged.sha256,
    blobKey: file.blobKey,
    uploadedBy: actingUserId(scope),
    createdAt: new Date(),
  });
  await appendResearchEvents(tx, scope.projectId, actor, [
    {
      definition: researchTaskAttachmentAdded,
      subject: subjectOf(taskId),
      data: {
        taskId,
        attachmentId: inserted.id,
        filename: file.filename,
        contentType: file.contentType,
        sizeBytes: file.staged.sizeBytes,
        sha256: file.staged.sha256,
      },
    },
  ]);
  return inserted;
}

/** The attachment's metadata and a stream of its bytes. */
export async function openAttachment(
  context: ServiceContext,
  scope: ProjectScope,
  taskId: string,
  attachmentId: string,
) {
  const row = await context.db.tenant(scope, (tx) => store.findAttachment(tx, scope.projectId, taskId, attachmentId));
  if (row === undefined) throw notFound('Attachment');
  try {
    const stream = await sharedBlobStore(context.config).open(row.blobKey);
    return { attachment: presentAttachment(row), stream };
  } catch (error) {
    if (error instanceof BlobNotFoundError)
      throw conflict('The content of this attachment is missing from storage.', 'attachment-content-missing');
    throw error;
  }
}

export async function deleteAttachment(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  taskId: string,
  attachmentId: string,
): Promise<void> {
  await context.db.tenant(scope, async (tx) => {
    const row = await store.findAttachment(tx, scope.projectId, taskId, attachmentId);
    if (row === undefined) throw notFound('Attachment');
    await store.deleteAttachment(tx, scope.projectId, attachmentId);
    await appendResearchEvents(tx, scope.projectId, actor, [
      {
        definition: researchTaskAttachmentRemoved,
        subject: subjectOf(taskId),
        data: { taskId, attachmentId, filename: row.filename, sha256: row.sha256 },
      },
    ]);
    await collectContentLater(context, tx, scope.projectId, actor, [row.sha256]);
  });
}

const CollectPayload = Type.Object({
  sha256: Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 10_000 }),
});

/**
 * Called by the transaction that dropped uses of some content: a job removes the bytes once nothing uses them,
 * after that transaction committed and outside any transaction.
 */
export async function collectContentLater(
  context: Pick<ServiceContext, 'jobs' | 'config'>,
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  sha256: readonly string[],
): Promise<void> {
  if (sha256.length === 0) return;
  await context.jobs.enqueue(tx, projectId, actor, attachmentContentCollectionJob(context.config), {
    sha256: [...new Set(sha256)],
  });
}

/** Removes the bytes of the project's attachment contents that lost their last use (ADR 0045). */
export function attachmentContentCollectionJob(config: BlobStoreSettings) {
  return defineJob({
    name: 'research.collect_attachment_content',
    description: 'Remove stored attachment files that no attachment uses any more',
    schema: CollectPayload,
    policy: {
      retryLimit: 5,
      retryDelaySeconds: 5,
      retryBackoff: true,
      expireInSeconds: 900,
      heartbeatSeconds: 30,
      concurrency: 1,
      batchSize: 4,
    },
    async run(context) {
      const removed = await collectUnused(context.db, sharedBlobStore(config), context.projectId, ATTACHMENT_CONTENT, {
        candidates: context.payload.sha256,
        now: new Date(),
      });
      return { removed };
    },
  });
}
