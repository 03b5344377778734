import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CcProcess,
  http,
  killAll,
  login,
  printedSetupToken,
  removeDir,
  spawnCc,
  tempDataDir,
} from '../helpers/process.js';
import { CHROMIUM, CI, ensureWebBuild, freePort, HAVE_CHROMIUM, SHOTS, screenshots } from './browser.js';
import { connectChromium } from './shared.js';

/**
 * The web shell end to end: the real server (`cc serve` on a temporary data dir) and Debian's Chromium driven by
 * playwright-core. Setup → sign-in → project → member → API key (used from the page) → live activity, phone layout and
 * the 404 page. Screenshots land in test-results/shell-*.png.
 */

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple', displayName: 'Ada Admin' };
const MEMBER = { email: 'grace@example.com', password: 'another long passphrase', displayName: 'Grace Member' };

if (!HAVE_CHROMIUM && !CI) {
  process.stderr.write(
    `\n[e2e] skipping the web shell suite: no Chromium at ${CHROMIUM} (apt-get update && apt-get install -y chromium)\n\n`,
  );
}

/** Rendered inside the viewport (a collapsed drawer is translated off-screen, which Playwright still calls visible). */
async function onScreen(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = locator.page().viewportSize();
  if (box === null || viewport === null || box.width === 0 || box.height === 0) return false;
  return box.x + box.width > 0 && box.x < viewport.width && box.y + box.height > 0 && box.y < viewport.height;
}

const shot = screenshots('shell');

describe.skipIf(!HAVE_CHROMIUM && !CI)('web shell end to end', () => {
  const dataDir = tempDataDir('cc-e2e-');
  let server: CcProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let apiUrl = '';
  let base = '';
  let setupToken = '';
  let projectId = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) {
      throw new Error(
        `CI=true and no Chromium at ${CHROMIUM}: install it (apt-get update && apt-get install -y chromium)`,
      );
    }
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    // Build first: the server decides at start whether web/dist is there to serve.
    await ensureWebBuild();
    server = spawnCc(['serve'], {
      env: { CC_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CC_PUBLIC_URL: apiUrl },
    });
    setupToken = await printedSetupToken(server);

    // The server itself serves web/dist, with index.html for client-side routes.
    for (const path of ['/', '/setup']) {
      const answer = await http('GET', `${apiUrl}${path}`, { headers: { accept: 'text/html' } });
      if (answer.status !== 200 || !answer.body.includes('id="root"')) {
        throw new Error(`the server does not serve the web app: GET ${path} → ${answer.status}`);
      }
    }
    base = apiUrl;

    browser = await connectChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGTERM', 10_000);
    await killAll();
    removeDir(dataDir);
  });

  it('completes first-run setup from the printed link and lands signed in', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/setup$/);
    await page.getByText('Open the one-time link').waitFor();

    await page.goto(`${base}/setup?token=${encodeURIComponent(setupToken)}`);
    await page.locator('input[name="displayName"]').fill(ADMIN.displayName);
    await page.locator('input[name="email"]').fill(ADMIN.email);
    await page.locator('input[name="password"]').fill('too short');
    await page.locator('input[name="confirm"]').fill('too short');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    // The server's validation problem maps onto the password field.
    await page.getByText('must be at least 12 characters').waitFor();
    await shot(page, '01-setup-validation');

    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.locator('input[name="confirm"]').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByText('No projects yet').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  }, 30_000);

  it('signs out, rejects a wrong password, signs in, and resumes the session after a reload', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByText('You are signed out').waitFor();

    await page.goto(`${base}/`);
    await page.waitForURL(/\/login/);
    await page.locator('input[name="email"]').fill(ADMIN.email);
    await page.locator('input[name="password"]').fill('wrong password entirely');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot(page, '02-login-error');

    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No projects yet').waitFor();
    await shot(page, '03-projects-empty');

    // The access token lives in memory only: a reload resumes through the httpOnly refresh cookie.
    await page.reload();
    await page.getByText('No projects yet').waitFor();
  }, 30_000);

  it('creates a project and opens its home with the navigation and the live activity panel', async () => {
    await page.getByRole('button', { name: 'Create your first project' }).click();
    const form = page.getByTestId('create-project-form');
    await form.locator('input[name="name"]').fill('Apollo Guidance');
    await form.locator('input[name="slug"]').fill('Bad Slug!');
    await form.getByRole('button', { name: 'Create project' }).click();
    await form.locator('.mantine-InputWrapper-error').first().waitFor();
    await form.locator('input[name="slug"]').fill('');
    await form.locator('textarea[name="description"]').fill('Navigation computer for the lunar missions.');
    await form.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    projectId = new URL(page.url()).pathname.split('/')[2]!;
    await page.getByTestId('project-title').getByText('Apollo Guidance').waitFor();
    for (const entry of [
      'home',
      'radar',
      'research',
      'repositories',
      'knowledge',
      'hub',
      'jobs',
      'members',
      'api-keys',
    ]) {
      await page.getByTestId(`nav-${entry}`).waitFor();
    }
    await page.locator('aside [data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await page
      .locator('aside [data-testid="activity-item"][data-event-type*="project.created"]')
      .waitFor({ timeout: 15_000 });
    await shot(page, '04-project-home');
  }, 30_000);

  it('adds a member and shows the event live in the activity panel, without a reload', async () => {
    // The second person needs an account: the instance admin creates it through the API.
    const adminToken = await login(apiUrl, ADMIN.email, ADMIN.password);
    const created = await http('POST', `${apiUrl}/api/v1/admin/users`, { token: adminToken, body: MEMBER });
    expect(created.status, created.body).toBe(201);

    await page.evaluate(() => {
      (globalThis as unknown as { __noReload: boolean }).__noReload = true;
    });
    await page.getByTestId('nav-members').click();
    const form = page.getByTestId('add-member-form');
    await form.locator('input[name="email"]').fill('nobody@example.com');
    await form.getByRole('button', { name: 'Add member' }).click();
    // The server's problem points at /body/email: the message shows beside the field.
    await form.locator('.mantine-InputWrapper-error').waitFor();
    await form.locator('input[name="email"]').fill(MEMBER.email);
    await form.getByRole('button', { name: 'Add member' }).click();
    await page.locator(`[data-testid="member-row"][data-email="${MEMBER.email}"]`).waitFor();

    const panel = page.locator('aside [data-testid="activity-panel"]');
    await panel
      .locator('[data-testid="activity-item"][data-event-type*="member.added"]')
      .first()
      .waitFor({ timeout: 15_000 });
    await shot(page, '05-members');
    expect(await page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  }, 40_000);

  it('creates an API key, shows its secret once, and the key works from the page', async () => {
    await page.getByTestId('nav-api-keys').click();
    const form = page.getByTestId('create-key-form');
    await form.locator('input[name="name"]').fill('e2e script');
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('new-api-key');
    await secret.waitFor();
    const token = (await secret.textContent())?.trim() ?? '';
    expect(token).toMatch(/^cc_[0-9a-f]+_\S+$/);
    await page.getByTestId('copy-api-key').click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    await shot(page, '06-api-key-created');
    await page.getByTestId('close-new-key').click();
    await page.locator('[data-testid="api-key-row"][data-name="e2e script"]').waitFor();

    const answer = await page.evaluate(async (key) => {
      const response = await fetch('/api/v1/projects', { headers: { Authorization: `Bearer ${key}` } });
      return {
        status: response.status,
        body: (await response.json()) as { items: Array<{ id: string; name: string }> },
      };
    }, token);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((project) => project.id)).toEqual([projectId]);

    const panel = page.locator('aside [data-testid="activity-panel"]');
    await panel
      .locator('[data-testid="activity-item"][data-event-type*="api_key.created"]')
      .first()
      .waitFor({ timeout: 15_000 });
    await shot(page, '07-api-keys');
    expect(await page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  }, 40_000);

  it('shows a job appear, progress and finish live on the jobs page', async () => {
    await page.getByTestId('nav-jobs').click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.getByText('No jobs yet').waitFor();
    expect(await page.getByTestId('error-state').count()).toBe(0);

    // Any real job will do: re-delivering one event to a subscriber runs as a job of this project.
    const token = await login(apiUrl, ADMIN.email, ADMIN.password);
    const catalog = await http('GET', `${apiUrl}/api/v1/events/catalog`, { token });
    const subscriber = catalog.json<{ subscribers: Array<{ name: string }> }>().subscribers[0]?.name;
    expect(subscriber, catalog.body).toBeDefined();
    const log = await http('GET', `${apiUrl}/api/v1/projects/${projectId}/events?limit=1`, { token });
    const eventId = log.json<{ items: Array<{ id: string }> }>().items[0]?.id;
    const replay = await http('POST', `${apiUrl}/api/v1/projects/${projectId}/events/replay`, {
      token,
      body: { subscriber, eventIds: [eventId] },
    });
    expect(replay.status, replay.body).toBe(202);
    const jobId = replay.json<{ id: string }>().id;

    await page.locator(`[data-testid="job-row"][data-job-id="${jobId}"][data-status="completed"]`).waitFor({
      timeout: 20_000,
    });
    await page.locator('aside [data-testid="activity-item"][data-event-type*="job.updated"]').first().waitFor();
    await shot(page, '08-jobs');
    expect(await page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  }, 40_000);

  it('collapses the navigation into a burger at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/projects/${projectId}`);
    await page.getByTestId('project-title').waitFor();
    const burger = page.getByTestId('burger');
    await burger.waitFor();
    expect(await onScreen(page.getByTestId('nav-members'))).toBe(false);
    expect(await onScreen(page.locator('aside'))).toBe(false);
    // On a phone the activity sits in the page instead of the side panel.
    await page.locator('main [data-testid="activity-panel"]').waitFor();
    // No horizontal scrolling at 390 px.
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
            .scrollWidth,
      ),
    ).toBeLessThanOrEqual(390);
    await shot(page, '09-phone-home');
    await burger.click();
    await expect.poll(() => onScreen(page.getByTestId('nav-members'))).toBe(true);
    // Let the drawer finish sliding in before the picture.
    await expect.poll(async () => (await page.getByTestId('project-navbar').boundingBox())?.x).toBe(0);
    await shot(page, '10-phone-nav');
    await page.getByTestId('nav-members').click();
    await page.locator(`[data-testid="member-row"][data-email="${MEMBER.email}"]`).waitFor();
    await expect.poll(() => onScreen(page.getByTestId('nav-members'))).toBe(false);
    await shot(page, '11-phone-members');
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 30_000);

  it('answers unknown pages and foreign projects with a 404 page', async () => {
    await page.goto(`${base}/no/such/page`);
    await page.getByText('This page does not exist').waitFor();
    await shot(page, '12-not-found');
    await page.goto(`${base}/projects/01900000-0000-7000-8000-000000000000`);
    await page.getByText('This project does not exist').waitFor();
    expect(pageErrors).toEqual([]);
  }, 20_000);
});
