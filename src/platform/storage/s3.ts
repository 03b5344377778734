import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Outbound, OutboundResponse } from '../outbound/client.js';
import { BlobNotFoundError, type BlobStore, checkKey, type StagedBlob } from './blob-store.js';
import { stageToFile } from './filesystem.js';
import { EMPTY_SHA256, signV4 } from './sigv4.js';

/** Where blobs go in an S3-compatible store (AWS S3, MinIO, Ceph RGW, R2, ...), addressed path-style. */
export interface S3Location {
  /** `http://host:port` or `https://host`. */
  endpoint: URL;
  bucket: string;
  /** Prepended to every key: `""` or a path ending in `/`. */
  prefix: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Reads `s3+https://KEY:SECRET@host[:port]/bucket[/prefix]?region=us-east-1` (`s3+http` for a local store).
 * Credentials in the URL keep the store one setting, like DATABASE_URL.
 */
export function parseS3Url(text: string): S3Location {
  const url = new URL(text);
  if (url.protocol !== 's3+http:' && url.protocol !== 's3+https:') throw new Error('use s3+http: or s3+https:');
  const [bucket, ...rest] = url.pathname.split('/').filter((segment) => segment !== '');
  if (bucket === undefined) throw new Error('name the bucket as the first path segment');
  if (url.username === '' || url.password === '') throw new Error('give the access key id and secret as user:password');
  return {
    endpoint: new URL(`${url.protocol === 's3+https:' ? 'https' : 'http'}://${url.host}`),
    bucket: decodeURIComponent(bucket),
    prefix: rest.length === 0 ? '' : `${rest.map(decodeURIComponent).join('/')}/`,
    region: url.searchParams.get('region') ?? 'us-east-1',
    accessKeyId: decodeURIComponent(url.username),
    secretAccessKey: decodeURIComponent(url.password),
  };
}

/** The largest object a GET reads: the largest attachment CC_ATTACHMENT_MAX_BYTES allows. */
const MAX_OBJECT_BYTES = 5 * 1024 * 1024 * 1024;
/** An object's body streams on to a browser, which may read it slowly. */
const OBJECT_BODY_TIMEOUT_MS = 60 * 60_000;

/**
 * Blobs as objects in an S3-compatible bucket. Staging is local (a scratch folder), so the hash and size are known
 * before the upload: the PUT is signed over its real payload hash (no UNSIGNED-PAYLOAD) and the store can check
 * the bytes it received. Requests go through the outbound client (timeouts, retries, the endpoint's breaker); the
 * endpoint is the admin's own setting, so it may be a private address.
 */
export function s3BlobStore(location: S3Location, stagingDir: string, outbound: Outbound): BlobStore {
  const objectUrl = (key: string) =>
    new URL(
      `/${encodeURIComponent(location.bucket)}/${`${location.prefix}${checkKey(key)}`
        .split('/')
        .map(encodeURIComponent)
        .join('/')}`,
      location.endpoint,
    );

  /** The bucket's ListObjectsV2 URL for keys below `prefix/`, from `continuation` on. */
  const listUrl = (prefix: string, continuation: string | undefined) => {
    const url = new URL(`/${encodeURIComponent(location.bucket)}`, location.endpoint);
    url.searchParams.set('list-type', '2');
    url.searchParams.set('prefix', `${location.prefix}${checkKey(prefix)}/`);
    if (continuation !== undefined) url.searchParams.set('continuation-token', continuation);
    return url;
  };

  function send(
    method: 'GET' | 'HEAD' | 'PUT' | 'DELETE',
    key: string,
    options: { headers?: Record<string, string>; payloadSha256?: string; body?: () => Readable; url?: URL } = {},
  ): Promise<OutboundResponse> {
    const url = options.url ?? objectUrl(key);
    const headers = signV4({
      method,
      url,
      headers: options.headers ?? {},
      payloadSha256: options.payloadSha256 ?? EMPTY_SHA256,
      region: location.region,
      service: 's3',
      accessKeyId: location.accessKeyId,
      secretAccessKey: location.secretAccessKey,
      now: new Date(),
    });
    return outbound.request(url, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: options.body }),
      privateAddresses: 'allow',
      redirects: 'manual',
      accept: () => true,
      ...(options.url === undefined
        ? { maxResponseBytes: MAX_OBJECT_BYTES, bodyTimeoutMs: OBJECT_BODY_TIMEOUT_MS }
        : {}),
    });
  }

  /** Drains a response and fails with its status and S3 error code. */
  async function failure(method: string, key: string, response: OutboundResponse): Promise<never> {
    const text = await response.text();
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'no error code';
    throw new Error(`S3 ${method} ${key} answered ${response.status} (${code})`);
  }

  async function deleteObject(key: string): Promise<void> {
    const response = await send('DELETE', key);
    if (response.status !== 204 && response.status !== 200 && response.status !== 404) {
      await failure('DELETE', key, response);
    }
    await response.dump();
  }

  return {
    kind: 's3',

    async stage(source, maxBytes) {
      await mkdir(stagingDir, { recursive: true });
      return stageToFile(stagingDir, source, maxBytes);
    },

    async commit(staged: StagedBlob, key) {
      const response = await send('PUT', key, {
        headers: { 'content-length': String(staged.sizeBytes), 'content-type': 'application/octet-stream' },
        payloadSha256: staged.sha256,
        body: () => createReadStream(staged.location),
      });
      if (response.status < 200 || response.status >= 300) await failure('PUT', key, response);
      await response.dump();
      await rm(staged.location, { force: true });
    },

    async discard(staged) {
      await rm(staged.location, { force: true });
    },

    async open(key) {
      const response = await send('GET', key);
      if (response.status === 404) {
        await response.dump();
        throw new BlobNotFoundError(key);
      }
      if (response.status !== 200) await failure('GET', key, response);
      return response.body;
    },

    async exists(key) {
      const response = await send('HEAD', key);
      await response.dump();
      if (response.status === 404) return false;
      if (response.status !== 200) throw new Error(`S3 HEAD ${key} answered ${response.status}`);
      return true;
    },

    delete: deleteObject,

    async deletePrefix(prefix) {
      let removed = 0;
      let continuation: string | undefined;
      // One page of up to 1,000 keys at a time, deleted one by one: DeleteObjects needs Content-MD5, which not every
      // S3-compatible store accepts alike, and a project's attachments are few.
      do {
        const response = await send('GET', prefix, { url: listUrl(prefix, continuation) });
        if (response.status !== 200) await failure('LIST', prefix, response);
        const text = await response.text();
        const keys = [...text.matchAll(/<Key>([^<]+)<\/Key>/g)].map((match) => unescapeXml(match[1]!));
        for (const fullKey of keys) {
          if (!fullKey.startsWith(location.prefix)) continue;
          await deleteObject(fullKey.slice(location.prefix.length));
          removed += 1;
        }
        const truncated = /<IsTruncated>true<\/IsTruncated>/.test(text);
        continuation = truncated
          ? unescapeXml(/<NextContinuationToken>([^<]+)<\/NextContinuationToken>/.exec(text)?.[1] ?? '')
          : undefined;
      } while (continuation !== undefined && continuation !== '');
      return removed;
    },
  };
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Listings escape XML's five entities; a configured key prefix or a continuation token may contain them. */
function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, entity: string) => XML_ENTITIES[entity] ?? entity);
}
