import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  http,
  killAll,
  REPO_ROOT,
  removeDir,
  type ServeHandle,
  setupAdmin,
  startServe,
  tempDataDir,
} from '../helpers/process.js';
import { CHROMIUM, CI, ensureWebBuild, freePort, HAVE_CHROMIUM, SHOTS, screenshots, signIn } from './browser.js';
import { connectChromium } from './shared.js';

const REPO_SHOTS = join(REPO_ROOT, 'docs', 'screenshots');

/**
 * User administration end to end (the real server and Debian's Chromium): a signed-out page load asks nothing that
 * fails (no 401 in the console); the instance administrator creates an account on /admin/users, disables it (its
 * owner cannot sign in), enables it again, and makes a password reset link with which the owner sets a new password
 * in a signed-out browser. Then a project's pages show plurals and dates as people read them.
 */

const DANA = { email: 'dana@example.com', displayName: 'Dana Newcomer', password: 'a temporary passphrase' };
const NEW_PASSWORD = 'dana chose this passphrase';

/** The element sizes a clipping check reads (the test's TypeScript has no DOM types). */
type Box = { scrollHeight: number; clientHeight: number; scrollWidth: number; clientWidth: number };

if (!HAVE_CHROMIUM && !CI) {
  process.stderr.write(`\n[e2e] skipping the user administration suite: no Chromium at ${CHROMIUM}\n\n`);
}

const shot = screenshots('user-admin');

describe.skipIf(!HAVE_CHROMIUM && !CI)('user administration end to end', () => {
  const dataDir = tempDataDir('cc-e2e-user-admin-');
  let server: ServeHandle | undefined;
  let browser: Browser | undefined;
  let adminContext: BrowserContext;
  let page: Page;
  let base = '';
  let adminToken = '';
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  function watch(target: Page, errors = consoleErrors): void {
    target.setDefaultTimeout(15_000);
    target.on('pageerror', (error) => pageErrors.push(String(error)));
    target.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${target.url()}: ${message.text()}`);
    });
  }

  const canSignIn = async (password: string) =>
    (await http('POST', `${base}/api/v1/auth/login`, { body: { email: DANA.email, password } })).status;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await ensureWebBuild();
    server = await startServe(dataDir, { PORT: String(port), CC_PUBLIC_URL: base });
    adminToken = await setupAdmin(server);
    browser = await connectChromium();
    adminContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    page = await adminContext.newPage();
    watch(page);
  }, 180_000);

  let failures = 0;
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page !== undefined) {
      await shot(page, `failed-${++failures}`, true).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.process.stop('SIGTERM', 10_000);
    await killAll();
    removeDir(dataDir);
  });

  it('loads signed-out pages without a failing request or a console error', async () => {
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // A signed-in route sends a signed-out visitor to sign in, still without asking the server who they are.
    await page.goto(`${base}/admin/users`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
    page.removeAllListeners('response');
  }, 30_000);

  it('creates an account, disables it so its owner cannot sign in, and enables it again', async () => {
    await signIn(page, base, ADMIN);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('nav-admin-users').click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByTestId('users-table').waitFor();

    const form = page.getByTestId('create-user-form');
    await form.locator('input[name="email"]').fill(DANA.email);
    await form.locator('input[name="displayName"]').fill(DANA.displayName);
    await form.getByText('Set a temporary password').click();
    await form.locator('input[name="password"]').fill(DANA.password);
    await form.getByTestId('create-user').click();
    const row = page.locator(`[data-testid="user-row"][data-email="${DANA.email}"]`);
    await row.waitFor();
    await expect.poll(() => page.getByTestId('user-count').textContent()).toBe('2 accounts');
    expect(await canSignIn(DANA.password)).toBe(200);

    await shot(page, 'users');
    copyFileSync(join(SHOTS, 'user-admin-users.png'), join(REPO_SHOTS, 'user-admin.png'));

    // Search narrows the list (server-side, by email or name).
    await page.getByTestId('user-search').fill('newcomer');
    await expect.poll(() => page.getByTestId('user-count').textContent()).toBe('1 account');

    await row.getByTestId('disable-user').click();
    await page.getByRole('dialog').getByTestId('confirm').click();
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('true');
    expect(await canSignIn(DANA.password)).toBe(401);

    await row.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('false');
    expect(await canSignIn(DANA.password)).toBe(200);
  }, 40_000);

  it('resets the password with a one-time link that its owner opens signed out', async () => {
    const row = page.locator(`[data-testid="user-row"][data-email="${DANA.email}"]`);
    // By keyboard: the notifications of the last steps may still cover the row's end at the bottom right.
    await row.getByTestId('reset-password').press('Enter');
    const field = page.getByTestId('reset-link');
    await field.waitFor();
    const link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}/reset-password\\?token=\\S{40,}$`));
    await shot(page, 'link');
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();

    const context = await browser!.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const dana = await context.newPage();
    const danaErrors: string[] = [];
    watch(dana, danaErrors);
    await dana.goto(link);
    await dana.getByTestId('reset-details').getByText(DANA.email).waitFor();
    const form = dana.getByTestId('reset-password-form');
    await form.locator('input[name="password"]').fill(NEW_PASSWORD);
    await form.locator('input[name="confirm"]').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Set password and sign in' }).click();
    await dana.waitForURL(`${base}/`);
    await dana.getByTestId('user-menu').waitFor();
    expect(await canSignIn(DANA.password)).toBe(401);
    expect(await canSignIn(NEW_PASSWORD)).toBe(200);

    expect(danaErrors).toEqual([]);

    // The link worked once (its preview answers 404 now, which the browser logs).
    await dana.goto(link);
    await dana.getByTestId('reset-invalid').waitFor();
    await context.close();
  }, 40_000);

  it('shows "1 published volume" and due dates in the one date format', async () => {
    const project = await http('POST', `${base}/api/v1/projects`, { token: adminToken, body: { name: 'Plurals' } });
    expect(project.status, project.body).toBe(201);
    const projectId = project.json<{ id: string }>().id;

    // Before any volume the dashboard says what to do next.
    await page.goto(`${base}/projects/${projectId}`);
    const movement = page.getByTestId('panel-movement-empty');
    await movement.getByText('No volume is published yet').waitFor();

    const radars = await http('GET', `${base}/api/v1/projects/${projectId}/radars`, { token: adminToken });
    const radarId = radars.json<{ items: Array<{ id: string }> }>().items[0]!.id;
    const volume = await http('POST', `${base}/api/v1/projects/${projectId}/radars/${radarId}/volumes`, {
      token: adminToken,
      body: { name: 'First', date: '2031-05-01' },
    });
    expect(volume.status, volume.body).toBe(201);
    await page.goto(`${base}/projects/${projectId}/radar/diff`);
    await page.getByText(/: 1 published volume$/).waitFor();

    const task = await http('POST', `${base}/api/v1/projects/${projectId}/research-tasks`, {
      token: adminToken,
      body: { title: 'Date formats across every page of the app', dueDate: '2031-05-01', status: 'in_progress' },
    });
    expect(task.status, task.body).toBe(201);
    await page.goto(`${base}/projects/${projectId}/research/tasks/${task.json<{ id: string }>().id}`);
    // en-GB's medium date, as every other date on the page; never the raw ISO day.
    await page.getByText('1 May 2031').first().waitFor();
    expect(await page.getByText('2031-05-01').count()).toBe(0);

    // At 1440 px, beside the navigation and the activity rail, a board card shows its whole title.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${base}/projects/${projectId}/research`);
    const title = page.getByTestId('task-card-title').first();
    await title.waitFor();
    const clipped = await title.evaluate((element) => {
      const box = element as unknown as Box;
      return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
    });
    expect(clipped, 'the task title is cut off on the board').toBe(false);
    const header = page.locator('[data-testid="board-column"][data-status="in_progress"]').getByText('In progress');
    const overflows = await header.evaluate((element) => {
      const box = element as unknown as Box;
      return box.scrollWidth > box.clientWidth + 1;
    });
    expect(overflows).toBe(false);
    await page.setViewportSize({ width: 1280, height: 860 });
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 40_000);
});
