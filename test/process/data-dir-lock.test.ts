import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  http,
  killAll,
  login,
  removeDir,
  runCc,
  type ServeHandle,
  setupAdmin,
  startServe,
  tempDataDir,
} from '../helpers/process.js';

/**
 * PGlite in one data dir opened by two processes silently loses writes. These tests run real `cc` processes on one
 * CC_DATA_DIR and prove the second opener is refused with a clear message, and that nothing written is lost.
 */
describe('data-dir lock across real processes', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = tempDataDir('cc-lock-');
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await killAll();
    for (const dir of dirs) removeDir(dir);
  });

  describe('while a server holds the dir', () => {
    let dir = '';
    let lockFile = '';
    let first: ServeHandle;
    const slugs = Array.from({ length: 5 }, (_, index) => `lock-project-${index}`);

    beforeAll(async () => {
      dir = newDir();
      lockFile = join(dir, 'commandcenter.lock');
      first = await startServe(dir);
    }, 120_000);

    it('holds the lock file with its own pid', () => {
      expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(first.process.pid));
    });

    it('makes a second server exit quickly with exit code 3, naming the holder pid and the dir', {
      timeout: 60_000,
    }, async () => {
      const startedAt = Date.now();
      const second = await runCc(['serve'], {
        env: { CC_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
        timeoutMs: 30_000,
      });
      expect(Date.now() - startedAt).toBeLessThan(20_000);
      expect(second.code, second.process.describe()).toBe(3);
      expect(second.stderr).toContain(`pid ${first.process.pid}`);
      expect(second.stderr).toContain(dir);
      expect(second.stdout).not.toMatch(/CommandCenter started/);
      // The refused opener neither took nor removed the lock; the first server still answers.
      expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(first.process.pid));
      expect((await http('GET', `${first.url}/health`)).status).toBe(200);
    });

    it('refuses `cc user list` the same way (exit code 3)', { timeout: 60_000 }, async () => {
      const list = await runCc(['user', 'list'], { env: { CC_DATA_DIR: dir } });
      expect(list.code, list.process.describe()).toBe(3);
      expect(list.stderr).toContain(`pid ${first.process.pid}`);
      expect(list.stderr).toContain(dir);
      expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(first.process.pid));
    });

    it('loses no write across a graceful stop and a new process on the same dir', { timeout: 120_000 }, async () => {
      const token = await setupAdmin(first);
      for (const slug of slugs) {
        const created = await http('POST', `${first.url}/api/v1/projects`, {
          token,
          body: { name: `Lock project ${slug}`, slug },
        });
        expect(created.status, created.body).toBe(201);
      }

      const exit = await first.process.stop('SIGTERM');
      expect(exit, first.process.describe()).toEqual({ code: 0, signal: null });
      expect(existsSync(lockFile)).toBe(false);

      const restarted = await startServe(dir);
      expect(restarted.setupToken).toBeUndefined();
      const tokenAgain = await login(restarted.url, ADMIN.email, ADMIN.password);
      const listed = await http('GET', `${restarted.url}/api/v1/projects?limit=100`, { token: tokenAgain });
      expect(listed.status, listed.body).toBe(200);
      expect(
        listed
          .json<{ items: Array<{ slug: string }> }>()
          .items.map((project) => project.slug)
          .sort(),
      ).toEqual([...slugs].sort());
      expect((await restarted.process.stop('SIGTERM')).code).toBe(0);

      // And the CLI sees them too once nobody holds the dir.
      const projects = await runCc(['project', 'list', '--json'], { env: { CC_DATA_DIR: dir } });
      expect(projects.code, projects.process.describe()).toBe(0);
      expect((JSON.parse(projects.stdout) as Array<{ slug: string }>).map((project) => project.slug).sort()).toEqual(
        [...slugs].sort(),
      );
    });
  });

  it('takes over a lock file left by a dead process', { timeout: 120_000 }, async () => {
    const dir = newDir();
    const lockFile = join(dir, 'commandcenter.lock');
    // A pid that surely belongs to no live process: one that just exited.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    expect(() => process.kill(deadPid, 0)).toThrow();
    writeFileSync(lockFile, String(deadPid));

    const server = await startServe(dir);
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(server.process.pid));
    expect((await http('GET', `${server.url}/health`)).status).toBe(200);
    expect((await server.process.stop('SIGTERM')).code).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  });
});
