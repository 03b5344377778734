import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { removeDir, setupAdmin, startServe, tempDataDir } from '../helpers/process.js';
import { CHROMIUM, CHROMIUM_ARGS, freePort, HAVE_CHROMIUM } from './browser.js';

export { ensureWebBuild } from './browser.js';

/**
 * The globalSetup's half of test/e2e/shared.ts: it runs outside the test workers, where the vitest runtime that
 * shared.ts imports is not available.
 */

export interface SharedE2e {
  /** Playwright's WebSocket endpoint of the shared Chromium. */
  chromium: string;
  /** Base URL of the shared `cc serve` (its CC_PUBLIC_URL too). */
  url: string;
  /** A session of the instance administrator that setup made. */
  adminToken: string;
  /** The server's JSON log (stdout), for suites that check what it logs. */
  log: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: SharedE2e | null;
  }
}

/** Starts the shared Chromium and server and provides them to the test files; returns the teardown. */
export async function startSharedE2e(project: TestProject): Promise<() => Promise<void>> {
  if (!HAVE_CHROMIUM) {
    project.provide('e2e', null);
    return async () => undefined;
  }
  const dataDir = tempDataDir('cc-e2e-shared-');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = join(dataDir, 'server.log');
  const [browser, server] = await Promise.all([
    chromium.launchServer({ executablePath: CHROMIUM, headless: true, chromiumSandbox: false, args: CHROMIUM_ARGS }),
    startServe(dataDir, {
      PORT: String(port),
      CC_PUBLIC_URL: url,
      // Every suite's browser and API calls come from 127.0.0.1: one client IP for the whole run.
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
    }),
  ]);
  server.process.child.stdout!.pipe(createWriteStream(log));
  try {
    const adminToken = await setupAdmin(server);
    project.provide('e2e', { chromium: browser.wsEndpoint(), url, adminToken, log });
  } catch (error) {
    await Promise.all([browser.close(), server.process.stop('SIGKILL')]);
    throw error;
  }
  return async () => {
    await Promise.all([browser.close(), server.process.stop('SIGTERM', 10_000)]);
    removeDir(dataDir);
  };
}
