import type { Readable } from 'node:stream';

/**
 * Content-addressed blob storage. Uploads are first staged (streamed to a scratch place while their SHA-256 and size
 * are computed), then committed under a key derived from the hash, so the same bytes are stored once. Callers
 * serialise commit and delete of one key themselves (research attachments hold a database lock per key), which is
 * what makes "delete the blob when its last reference goes" safe against a concurrent upload of the same bytes.
 */
export interface BlobStore {
  /** `filesystem` or `s3`: shown in logs and health, never branched on by callers. */
  readonly kind: string;
  /** Streams `source` to staging while hashing it; throws BlobTooLargeError past `maxBytes` (and cleans up). */
  stage(source: Readable, maxBytes: number): Promise<StagedBlob>;
  /** Makes staged content readable under `key`. Committing over an existing key is harmless: same key, same bytes. */
  commit(staged: StagedBlob, key: string): Promise<void>;
  /** Forgets staged content that will not be committed (idempotent). */
  discard(staged: StagedBlob): Promise<void>;
  /** A stream of the blob's bytes; throws BlobNotFoundError when there is none. */
  open(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Removes the blob; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Removes every blob whose key starts with `prefix/` (idempotent); returns how many were removed, if known. */
  deletePrefix(prefix: string): Promise<number | undefined>;
}

export interface StagedBlob {
  /** Lower-case hex SHA-256 of the content. */
  readonly sha256: string;
  readonly sizeBytes: number;
  /** The first bytes (up to HEAD_BYTES), for content sniffing before commit. */
  readonly head: Buffer;
  /** Where the staged bytes are: a path in the store's staging folder. */
  readonly location: string;
}

/** How many leading bytes StagedBlob.head keeps. */
export const HEAD_BYTES = 4096;

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the content is larger than ${maxBytes} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no blob is stored under ${key}`);
    this.name = 'BlobNotFoundError';
  }
}

const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** Keys are relative paths of plain segments: no `..`, no leading dot or slash, so no store can be escaped. */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 512) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  return key;
}
