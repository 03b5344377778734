import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobNotFoundError, BlobTooLargeError } from './blob-store.js';
import { filesystemBlobStore } from './filesystem.js';

const dirs: string[] = [];
function store() {
  const dir = mkdtempSync(join(tmpdir(), 'cc-blobs-'));
  dirs.push(dir);
  return { dir, blobs: filesystemBlobStore(dir) };
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sha = (value: string) => createHash('sha256').update(value).digest('hex');

describe('filesystem blob store', () => {
  it('stages while hashing, commits under a key, reads back, deletes idempotently', async () => {
    const { blobs } = store();
    const staged = await blobs.stage(Readable.from([Buffer.from('hello '), Buffer.from('world')]), 100);
    expect(staged).toMatchObject({ sha256: sha('hello world'), sizeBytes: 11 });
    expect(staged.head.toString()).toBe('hello world');
    await blobs.commit(staged, `p/${staged.sha256}`);
    expect(await blobs.exists(`p/${staged.sha256}`)).toBe(true);
    expect(await text(await blobs.open(`p/${staged.sha256}`))).toBe('hello world');
    await blobs.delete(`p/${staged.sha256}`);
    await blobs.delete(`p/${staged.sha256}`);
    await expect(blobs.open(`p/${staged.sha256}`)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('refuses content past the limit and leaves nothing staged', async () => {
    const { dir, blobs } = store();
    await expect(blobs.stage(Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), 100)).rejects.toBeInstanceOf(
      BlobTooLargeError,
    );
    expect(readdirSync(join(dir, '.staging'))).toEqual([]);
    const exact = await blobs.stage(Readable.from([Buffer.alloc(100)]), 100);
    expect(exact.sizeBytes).toBe(100);
    await blobs.discard(exact);
    expect(readdirSync(join(dir, '.staging'))).toEqual([]);
  });

  it('refuses keys that could leave the store', async () => {
    const { blobs } = store();
    for (const key of ['../x', '/abs', 'a/../b', '.hidden', 'a//b']) {
      await expect(blobs.exists(key)).rejects.toThrow(/invalid blob key/);
    }
  });
});
