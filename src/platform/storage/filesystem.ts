import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BlobNotFoundError,
  type BlobStore,
  BlobTooLargeError,
  checkKey,
  HEAD_BYTES,
  type StagedBlob,
} from './blob-store.js';

/**
 * Streams `source` into `target`, hashing and counting on the way; fails with BlobTooLargeError as soon as more than
 * `maxBytes` arrived, so an oversized upload is never read (or written) to its end.
 */
export async function streamMeasured(
  source: Readable,
  target: NodeJS.WritableStream,
  maxBytes: number,
): Promise<{ sha256: string; sizeBytes: number; head: Buffer }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const headChunks: Buffer[] = [];
  let headLength = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) {
        callback(new BlobTooLargeError(maxBytes));
        return;
      }
      hash.update(chunk);
      if (headLength < HEAD_BYTES) {
        const part = chunk.subarray(0, HEAD_BYTES - headLength);
        headChunks.push(part);
        headLength += part.length;
      }
      callback(null, chunk);
    },
  });
  // The source is piped rather than put in the pipeline: a failure must not destroy it, because it can be the HTTP
  // request itself, and destroying that would cut the connection before the 413 answer goes out.
  const guarded = new PassThrough();
  source.pipe(guarded);
  try {
    await pipeline(guarded, meter, target);
  } catch (error) {
    source.unpipe(guarded);
    source.resume();
    throw error;
  }
  return { sha256: hash.digest('hex'), sizeBytes, head: Buffer.concat(headChunks) };
}

/** Streams `source` into a new file of `dir`, measured and hashed; on failure nothing is left behind. */
export async function stageToFile(dir: string, source: Readable, maxBytes: number) {
  const location = join(dir, randomUUID());
  const file = createWriteStream(location, { mode: 0o600 });
  try {
    return { ...(await streamMeasured(source, file, maxBytes)), location };
  } catch (error) {
    // The file is opened asynchronously: wait until the stream has closed, or that open could recreate the file
    // after it was removed.
    if (!file.closed) await new Promise<void>((resolve) => file.once('close', () => resolve()));
    await rm(location, { force: true });
    throw error;
  }
}

/**
 * Blobs as files under `root`: `root/<key>`, staged in `root/.staging` (same file system, so commit is an atomic
 * rename; a reader that opened the previous file of the same key keeps reading identical bytes).
 */
export function filesystemBlobStore(root: string): BlobStore {
  const staging = join(root, '.staging');
  const pathOf = (key: string) => join(root, checkKey(key));

  return {
    kind: 'filesystem',

    async stage(source, maxBytes) {
      await mkdir(staging, { recursive: true });
      return stageToFile(staging, source, maxBytes);
    },

    async commit(staged: StagedBlob, key) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      await rename(staged.location, target);
    },

    async discard(staged) {
      await rm(staged.location, { force: true });
    },

    async open(key) {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch {
        throw new BlobNotFoundError(key);
      }
      return createReadStream(path);
    },

    async exists(key) {
      const path = pathOf(key);
      try {
        return (await stat(path)).isFile();
      } catch {
        return false;
      }
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async deletePrefix(prefix) {
      await rm(pathOf(prefix), { recursive: true, force: true });
      return undefined;
    },
  };
}
