import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/process.js';

/** What every end-to-end suite shares: Debian's Chromium, the built web app, free ports. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const CI = process.env.CI === 'true';
export const WEB = join(REPO_ROOT, 'web');
export const SHOTS = join(REPO_ROOT, 'test-results');
const DIST_INDEX = join(WEB, 'dist', 'index.html');
/** Thoughtworks volume 34, read in place from the shared data sets beside the repository (never copied into it). */
export const VOLUME_34 = join(REPO_ROOT, '..', 'shared', 'data', 'radar', 'thoughtworks', 'vol34-2026-Apr.csv');
export const HAVE_VOLUME_34 = existsSync(VOLUME_34);

/** Chromium as root in a closed network: no sandbox, and none of the background traffic it would try. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A Chromium of the caller's own (the suites share the run's one: connectChromium in ./shared.ts). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, chromiumSandbox: false, args: CHROMIUM_ARGS });
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Builds web/dist when it is missing or older than any source of it (the radar layout lives in src/modules/radar).
 * The build goes to a scratch folder that then replaces web/dist, so a server starting meanwhile never sees a
 * half-written one.
 */
export async function ensureWebBuild(): Promise<void> {
  const sources = [
    join(WEB, 'src'),
    join(WEB, 'public'),
    join(WEB, 'index.html'),
    join(WEB, 'vite.config.ts'),
    join(REPO_ROOT, 'src', 'modules', 'radar', 'layout.ts'),
    join(REPO_ROOT, 'src', 'modules', 'radar', 'svg.ts'),
  ];
  const newestSource = Math.max(...sources.filter(existsSync).map(newestMtime));
  if (existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= newestSource) return;
  mkdirSync(SHOTS, { recursive: true });
  const scratch = join(SHOTS, `.web-build-${process.pid}`);
  const old = join(SHOTS, `.web-old-${process.pid}`);
  try {
    await promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        join(WEB, 'vite.config.ts'),
        '--outDir',
        scratch,
        '--emptyOutDir',
      ],
      {
        cwd: REPO_ROOT,
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    const dist = join(WEB, 'dist');
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(scratch, dist);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Signs in through the login form and waits to leave it. */
export async function signIn(page: Page, base: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** A screenshot helper that names every picture of a suite `<suite>-<name>.png` under test-results/. */
export function screenshots(suite: string) {
  return (page: Page, name: string, fullPage = false) =>
    page.screenshot({ path: join(SHOTS, `${suite}-${name}.png`), fullPage }).then(() => undefined);
}
