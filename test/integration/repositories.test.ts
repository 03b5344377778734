import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mirrorPathOf } from '../../src/modules/repositories/sync.js';
import {
  addMember,
  bearer,
  buildTestApp,
  createProject,
  createUser,
  type TestApp,
  type TestUser,
} from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { waitForJob } from '../helpers/radar.js';
import { waitFor } from '../helpers/wait.js';

/** A working repository the test writes commits into, with fixed identities and dates so the order is known. */
class SourceRepository {
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.git('init', '--quiet', '--initial-branch=main');
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-C', this.dir, ...args], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_AUTHOR_NAME: 'Ada Lovelace',
        GIT_AUTHOR_EMAIL: 'ada@example.com',
        GIT_COMMITTER_NAME: 'Ada Lovelace',
        GIT_COMMITTER_EMAIL: 'ada@example.com',
        GIT_AUTHOR_DATE: new Date(this.clock).toISOString(),
        GIT_COMMITTER_DATE: new Date(this.clock).toISOString(),
      },
    }).trim();
  }

  write(path: string, text: string): void {
    writeFileSync(join(this.dir, path), text);
  }

  /** Commits everything in the working tree; returns the new sha. */
  commit(message: string): string {
    this.clock += 60_000;
    this.git('add', '--all');
    this.git('commit', '--quiet', '--message', message);
    return this.git('rev-parse', 'HEAD');
  }
}

const TEN_LINES = Array.from({ length: 10 }, (_, line) => `line ${line + 1}\n`).join('');

interface Repository {
  id: string;
  kind: string;
  location: string;
  displayName: string;
  defaultBranch: string | null;
  lastSyncedSha: string | null;
  syncStatus: string;
  syncError: string | null;
  syncJobId: string | null;
}
interface Commit {
  sha: string;
  message: string;
  filesChanged: number;
  additions: number;
  deletions: number;
  parentShas: string[];
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe.each(databaseKinds())('repositories on %s', (kind) => {
  let test: TestApp;
  let scratch: string;
  let allowed: string;
  let source: SourceRepository;
  let owner: TestUser;
  let member: TestUser;
  let projectId: string;
  let repository: Repository;
  const shas: Record<string, string> = {};

  const call = async <T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    user: TestUser,
    status: number,
    payload?: Record<string, unknown>,
    query?: Record<string, string>,
  ): Promise<T> => {
    const response = await test.app.inject({
      method,
      url: `/api/v1/projects/${projectId}/repositories${path}`,
      headers: bearer(user.token),
      ...(payload === undefined ? {} : { payload }),
      ...(query === undefined ? {} : { query }),
    });
    expect(response.statusCode, response.body).toBe(status);
    return (response.body === '' ? undefined : response.json()) as T;
  };

  /** Waits for the repository's current sync job and returns its result. */
  const synced = async (jobId: string) => {
    const job = await waitForJob(test, projectId, member, jobId, 20_000);
    expect(job.status, job.error ?? '').toBe('completed');
    return job.result as Record<string, unknown>;
  };

  beforeAll(async () => {
    scratch = realpathSync(mkdtempSync(join(tmpdir(), 'cc-repositories-')));
    allowed = join(scratch, 'allowed');
    mkdirSync(join(scratch, 'outside'), { recursive: true });
    source = new SourceRepository(join(allowed, 'widgets'));
    source.write('a.txt', TEN_LINES);
    source.write('b.txt', 'bee\n');
    shas.first = source.commit('first: a and b');
    source.git('mv', 'a.txt', 'c.txt');
    source.write('c.txt', `${TEN_LINES}eleven\n`);
    source.git('rm', '--quiet', 'b.txt');
    shas.second = source.commit('second: rename a to c, delete b');
    source.git('tag', '--annotate', 'v1', '--message', 'version one');
    source.git('checkout', '--quiet', '-b', 'feature');
    source.write('f.txt', 'feature\n');
    shas.feature = source.commit('feature work');
    source.git('checkout', '--quiet', 'main');

    test = await buildTestApp(kind, {
      env: { CC_GIT_ALLOWED_ROOTS: allowed, CC_DATA_DIR: join(scratch, 'data') },
    });
    owner = await createUser(test, { name: 'owner' });
    member = await createUser(test, { name: 'member' });
    projectId = (await createProject(test, owner, 'Repositories')).id;
    await addMember(test, projectId, owner, member, 'member');
  });
  afterAll(async () => {
    await test?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('adds a local repository under an allowed root and syncs its branches, tags and commits', async () => {
    repository = await call<Repository>('POST', '', owner, 201, { location: source.dir });
    expect(repository).toMatchObject({ kind: 'local', location: source.dir, displayName: 'widgets' });
    const result = await synced(repository.syncJobId!);
    expect(result).toMatchObject({ branches: 2, tags: 1, newCommits: 3, removedCommits: 0, totalCommits: 3 });
    expect(result.fullWalk).toBe(true);
    expect(existsSync(mirrorPathOf(test.config.dataDir, projectId, repository.id))).toBe(true);

    const fresh = await call<Repository>('GET', `/${repository.id}`, member, 200);
    expect(fresh).toMatchObject({
      syncStatus: 'synced',
      syncError: null,
      defaultBranch: 'main',
      lastSyncedSha: shas.second,
    });

    const commits = await call<Page<Commit>>('GET', `/${repository.id}/commits`, member, 200);
    expect(commits.items.map((commit) => commit.sha)).toEqual([shas.feature, shas.second, shas.first]);
    // The rename with one added line and the deletion of b.txt's one line.
    expect(commits.items[1]).toMatchObject({ filesChanged: 2, additions: 1, deletions: 1, parentShas: [shas.first] });
    expect(commits.items[2]).toMatchObject({ filesChanged: 2, additions: 11, deletions: 0, parentShas: [] });

    const onMain = await call<Page<Commit>>('GET', `/${repository.id}/commits`, member, 200, undefined, {
      branch: 'main',
      limit: '1',
    });
    expect(onMain.items.map((commit) => commit.sha)).toEqual([shas.second]);
    const rest = await call<Page<Commit>>('GET', `/${repository.id}/commits`, member, 200, undefined, {
      branch: 'main',
      cursor: onMain.nextCursor!,
    });
    expect(rest).toEqual({ items: [expect.objectContaining({ sha: shas.first })], nextCursor: null });
    await call('GET', `/${repository.id}/commits`, member, 404, undefined, { branch: 'nope' });
    const impossibleDay = Buffer.from(`["2026-13-45T99:99:99.999Z","${'a'.repeat(40)}"]`).toString('base64url');
    await call('GET', `/${repository.id}/commits`, member, 400, undefined, { cursor: impossibleDay });

    expect(await call('GET', `/${repository.id}/branches`, member, 200)).toEqual({
      items: [
        { name: 'feature', sha: shas.feature },
        { name: 'main', sha: shas.second },
      ],
      nextCursor: null,
    });
    expect(await call('GET', `/${repository.id}/tags`, member, 200)).toEqual({
      items: [{ name: 'v1', sha: shas.second }],
      nextCursor: null,
    });
    const listed = await call<Page<Repository>>('GET', '', member, 200, undefined, { q: 'widg' });
    expect(listed.items.map((item) => item.id)).toEqual([repository.id]);
    expect((await call<Page<Repository>>('GET', '', member, 200, undefined, { q: 'nothing' })).items).toEqual([]);
  });

  it('refuses locations outside the allowed roots or of the wrong form (422) and duplicates (409)', async () => {
    const outside = new SourceRepository(join(scratch, 'outside', 'secret'));
    symlinkSync(outside.dir, join(allowed, 'link-out'));
    for (const location of [
      outside.dir,
      join(allowed, 'link-out'),
      join(allowed, '..', 'outside', 'secret'),
      'relative/path',
      join(allowed, 'missing'),
      'https://user:secret@example.com/a.git',
      'ext::sh -c touch% /tmp/pwned',
    ]) {
      const problem = await call<{ type: string; detail: string }>('POST', '', owner, 422, { location });
      expect(problem.type, location).toMatch(/repository-location-refused$/);
    }
    const duplicate = await call<{ type: string }>('POST', '', owner, 409, {
      location: pathToFileURL(`${source.dir}/`).href,
    });
    expect(duplicate.type).toMatch(/repository-exists$/);
    await call('POST', '', member, 403, { location: 'https://git.example.invalid/team/other.git' });
  });

  it('fails the sync of a remote on a private address, with the reason', async () => {
    const remote = await call<Repository>('POST', '', owner, 201, { location: 'https://127.0.0.1/team/app.git' });
    expect(remote).toMatchObject({ kind: 'git', displayName: 'app', syncStatus: 'pending' });
    const failed = await waitFor(async () => {
      const current = await call<Repository>('GET', `/${remote.id}`, member, 200);
      return current.syncStatus === 'failed' ? current : undefined;
    });
    expect(failed.syncError).toMatch(/127\.0\.0\.1 resolves to a loopback address/);
    await call('DELETE', `/${remote.id}`, owner, 204);
  });

  it('records only the new commits on the next sync', async () => {
    source.write('c.txt', `${TEN_LINES}eleven\ntwelve\n`);
    shas.third = source.commit('third');
    source.write('d.txt', 'dee\n');
    shas.fourth = source.commit('fourth');
    const { job } = await call<{ job: { id: string } }>('POST', `/${repository.id}/sync`, member, 202);
    const result = await synced(job.id);
    expect(result).toMatchObject({ newCommits: 2, removedCommits: 0, totalCommits: 5, fullWalk: false });
    expect((await call<Repository>('GET', `/${repository.id}`, member, 200)).lastSyncedSha).toBe(shas.fourth);
  });

  it('syncs a rewritten history: the new commits are recorded and the unreachable ones removed', async () => {
    source.git('reset', '--quiet', '--hard', shas.first!);
    source.write('e.txt', 'rewritten\n');
    shas.rewritten = source.commit('rewritten main');
    const { job } = await call<{ job: { id: string } }>('POST', `/${repository.id}/sync`, member, 202);
    const result = await synced(job.id);
    // main: first, rewritten; feature: first, second, feature (v1 marks second). third and fourth are gone.
    expect(result).toMatchObject({ newCommits: 1, removedCommits: 2, totalCommits: 4, fullWalk: true });
    const onMain = await call<Page<Commit>>('GET', `/${repository.id}/commits`, member, 200, undefined, {
      branch: 'main',
    });
    expect(onMain.items.map((commit) => commit.sha)).toEqual([shas.rewritten, shas.first]);
  });

  it('removes a repository with its history, and its mirror by a job', async () => {
    await call('DELETE', `/${repository.id}`, member, 403);
    await call('DELETE', `/${repository.id}`, owner, 204);
    await call('GET', `/${repository.id}`, member, 404);
    await call('GET', `/${repository.id}/commits`, member, 404);
    const mirror = mirrorPathOf(test.config.dataDir, projectId, repository.id);
    await waitFor(async () => (existsSync(mirror) ? undefined : true), 10_000, 'the mirror to be removed');
  });
});
