import { join } from 'node:path';
import type { Config } from '../../config.js';
import { outboundFor } from '../outbound/shared.js';
import type { BlobStore } from './blob-store.js';
import { filesystemBlobStore } from './filesystem.js';
import { parseS3Url, s3BlobStore } from './s3.js';

/** What opening the blob store reads from the configuration. */
export type BlobStoreSettings = Pick<Config, 'dataDir' | 'blobStoreUrl' | 'outbound' | 'logLevel'>;

/**
 * The blob store for uploads: an S3-compatible bucket when CC_BLOB_STORE_URL is set (staging in CC_DATA_DIR),
 * otherwise files under CC_DATA_DIR/attachments.
 */
export function openBlobStore(config: BlobStoreSettings): BlobStore {
  if (config.blobStoreUrl !== undefined) {
    return s3BlobStore(parseS3Url(config.blobStoreUrl), join(config.dataDir, 'blob-staging'), outboundFor(config));
  }
  return filesystemBlobStore(join(config.dataDir, 'attachments'));
}

const sharedStores = new WeakMap<object, BlobStore>();

/** One blob store per configuration (the process's), made on first use and shared by the modules and jobs. */
export function sharedBlobStore(config: BlobStoreSettings): BlobStore {
  let blobs = sharedStores.get(config);
  if (blobs === undefined) {
    blobs = openBlobStore(config);
    sharedStores.set(config, blobs);
  }
  return blobs;
}
