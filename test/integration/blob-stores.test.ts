import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createOutbound } from '../../src/platform/outbound/client.js';
import { BlobNotFoundError, type BlobStore, BlobTooLargeError } from '../../src/platform/storage/blob-store.js';
import { filesystemBlobStore } from '../../src/platform/storage/filesystem.js';
import { parseS3Url, s3BlobStore } from '../../src/platform/storage/s3.js';
import { storedBlobs } from '../../src/platform/storage/tables.js';
import { bearer, buildTestApp, createProject, createUser, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createTask } from '../helpers/research.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The BlobStore contract, run against the filesystem store and the S3 store talking to s3rver (a local server
 * speaking the S3 object API over HTTP), then research attachments end to end on S3. s3rver does not check V4
 * signatures; src/platform/storage/sigv4.test.ts checks ours against AWS's published example.
 */
const BUCKET = 'cc-attachments';
let s3: S3rver;
let s3Url = '';
const scratch: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};

beforeAll(async () => {
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: tempDir('cc-s3rver-'),
    configureBuckets: [{ name: BUCKET }],
  });
  const address = await s3.run();
  s3Url = `s3+http://S3RVER:S3RVER@127.0.0.1:${address.port}/${BUCKET}/cc?region=eu-central-1`;
});
afterAll(async () => {
  await s3.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

// The default settings refuse private addresses: the store reaches s3rver on 127.0.0.1 because its endpoint is the
// admin's own setting.
const outbound = createOutbound(loadConfig({}).outbound);
afterAll(() => outbound.close());

const sha = (value: string) => createHash('sha256').update(value).digest('hex');

const stores: Array<[string, () => BlobStore]> = [
  ['filesystem', () => filesystemBlobStore(tempDir('cc-blobs-'))],
  ['s3', () => s3BlobStore(parseS3Url(s3Url), tempDir('cc-s3-staging-'), outbound)],
];

describe.each(stores)('blob store contract: %s', (_name, make) => {
  it('stages, commits, reads, checks and deletes by key', async () => {
    const blobs = make();
    const staged = await blobs.stage(Readable.from([Buffer.from('hello '), Buffer.from('blobs')]), 1000);
    expect(staged).toMatchObject({ sha256: sha('hello blobs'), sizeBytes: 11 });
    const key = `project-1/${staged.sha256.slice(0, 2)}/${staged.sha256}`;
    expect(await blobs.exists(key)).toBe(false);
    await blobs.commit(staged, key);
    expect(await blobs.exists(key)).toBe(true);
    expect(await text(await blobs.open(key))).toBe('hello blobs');
    await blobs.delete(key);
    await blobs.delete(key);
    expect(await blobs.exists(key)).toBe(false);
    await expect(blobs.open(key)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('commits the same content twice harmlessly, and refuses oversized content while staging', async () => {
    const blobs = make();
    const key = 'p/same';
    for (let i = 0; i < 2; i += 1) await blobs.commit(await blobs.stage(Readable.from(['same']), 10), key);
    expect(await text(await blobs.open(key))).toBe('same');
    await expect(blobs.stage(Readable.from([Buffer.alloc(11)]), 10)).rejects.toBeInstanceOf(BlobTooLargeError);
    const binary = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256));
    const staged = await blobs.stage(Readable.from([binary]), binary.length);
    await blobs.commit(staged, 'p/binary');
    const chunks: Buffer[] = [];
    for await (const chunk of await blobs.open('p/binary')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(binary)).toBe(true);
  });

  it('deletes everything below a prefix and nothing beside it, idempotently', async () => {
    const blobs = make();
    const put = async (key: string) => blobs.commit(await blobs.stage(Readable.from([key]), 100), key);
    const doomed = ['gone/aa/one', 'gone/ab/two', 'gone/ab/three.four_five-six'];
    const kept = ['gone-not/aa/one', 'kept/aa/gone'];
    for (const key of [...doomed, ...kept]) await put(key);
    const removed = await blobs.deletePrefix('gone');
    // The filesystem store removes a folder and does not count; the S3 store deletes key by key.
    if (removed !== undefined) expect(removed).toBe(doomed.length);
    for (const key of doomed) expect(await blobs.exists(key)).toBe(false);
    for (const key of kept) expect(await text(await blobs.open(key))).toBe(key);
    expect(await blobs.deletePrefix('gone')).toEqual(removed === undefined ? undefined : 0);
  });
});

describe.each(databaseKinds())('research attachments on an S3 store, %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp(kind, { env: { CC_DATA_DIR: tempDir('cc-s3-app-'), CC_BLOB_STORE_URL: s3Url } });
  });
  afterAll(() => test.close());

  it('uploads, downloads, dedupes and deletes with the last reference', async () => {
    const owner = await createUser(test, { name: 'owner' });
    const project = await createProject(test, owner, 'S3');
    const task = await createTask(test, project.id, owner, { title: 'Stored remotely' });
    const base = `/api/v1/projects/${project.id}/research-tasks/${task.id}/attachments`;
    const content = `remote ${Date.now()}`;
    const upload = (filename: string) =>
      test.app.inject({
        method: 'POST',
        url: base,
        query: { filename },
        headers: { ...bearer(owner.token), 'content-type': 'text/plain' },
        payload: content,
      });
    const collections = async () => {
      const jobs = await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/jobs`,
        query: { type: 'research.collect_attachment_content', status: 'completed' },
        headers: bearer(owner.token),
      });
      return jobs.json().items.length as number;
    };
    const first = (await upload('one.txt')).json();
    const second = (await upload('two.txt')).json();
    expect(first.sha256).toBe(second.sha256);

    const download = await test.app.inject({
      method: 'GET',
      url: `${base}/${first.id}/content`,
      headers: bearer(owner.token),
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('text/plain');
    expect(download.body).toBe(content);

    const store = s3BlobStore(parseS3Url(s3Url), tempDir('cc-s3-check-'), outbound);
    // One stored generation of the content, named by the ledger (ADR 0045).
    const generations = await test.database.db.tenant({ projectId: project.id }, (tx) =>
      tx.select({ key: storedBlobs.key }).from(storedBlobs).where(eq(storedBlobs.sha256, first.sha256)),
    );
    expect(generations).toHaveLength(1);
    const key = generations[0]!.key;
    expect(await store.exists(key)).toBe(true);
    await test.app.inject({ method: 'DELETE', url: `${base}/${first.id}`, headers: bearer(owner.token) });
    await waitFor(async () => ((await collections()) >= 1 ? true : undefined), 20_000, 'the first collection');
    expect(await store.exists(key)).toBe(true);
    await test.app.inject({ method: 'DELETE', url: `${base}/${second.id}`, headers: bearer(owner.token) });
    await waitFor(async () => ((await store.exists(key)) ? undefined : true), 20_000, 'the content to go');
  });
});
