import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, REPO_ROOT } from '../helpers/process.js';
import { waitFor } from '../helpers/wait.js';
import { CHROMIUM, CI, HAVE_CHROMIUM, SHOTS, screenshots, signIn, VOLUME_34 } from './browser.js';
import { connectChromium, sharedServer, sharedServerLog } from './shared.js';

/**
 * The activity rail and share links in Chromium against the real server. An import of a Thoughtworks volume (118
 * rows) arrives over the live stream while the project page is open and reads as one entry, not 236; a blip moved
 * three times reads as one entry. An admin creates a share link on the radar's share page, the URL read off the page
 * serves the radar to a request without cookies or credentials, and after revoking it answers 404.
 * Screenshots: docs/screenshots/activity-grouped.png and share-links.png.
 */

if (!HAVE_CHROMIUM && !CI) {
  process.stderr.write(`\n[e2e] skipping the activity/share suite: no Chromium at ${CHROMIUM}\n\n`);
}

const ADMIN = {
  email: 'asha.activity@example.com',
  password: 'correct horse battery staple',
  displayName: 'Asha Admin',
};
const shot = screenshots('activity-share');
const DOCS_SHOTS = join(REPO_ROOT, 'docs', 'screenshots');

describe.skipIf(!HAVE_CHROMIUM && !CI)('activity rail and share links end to end', () => {
  let browser: Browser | undefined;
  let page: Page;
  let base = '';
  let token = '';
  let projectId = '';
  let radarId = '';
  const pageErrors: string[] = [];

  const api = (method: string, path: string, body?: unknown) =>
    http(method, `${base}/api/v1/projects/${projectId}${path}`, { token, body });

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
    mkdirSync(SHOTS, { recursive: true });
    ({ base, adminToken: token } = await sharedServer(ADMIN));
    const project = await http('POST', `${base}/api/v1/projects`, { token, body: { name: 'Rail and Share' } });
    expect(project.status, project.body).toBe(201);
    projectId = project.json<{ id: string }>().id;
    const radars = await api('GET', '/radars');
    radarId = radars.json<{ items: Array<{ id: string }> }>().items[0]!.id;

    browser = await connectChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await signIn(page, base, ADMIN);
  }, 180_000);

  let failures = 0;
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await shot(page, `failed-${++failures}`, true).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a live import as one rail entry with counts and a link, and repeated moves as one', async () => {
    await page.goto(`${base}/projects/${projectId}`);
    const rail = page.locator('aside [data-testid="activity-panel"]');
    await rail.getByTestId('live-status').and(page.locator('[data-status="live"]')).waitFor();

    // Imported while the page is open: the events arrive over the live stream.
    const accepted = await api('POST', '/radar-imports', {
      format: 'byor-csv',
      content: readFileSync(VOLUME_34, 'utf8'),
      sourceName: 'vol34-2026-Apr.csv',
    });
    expect(accepted.status, accepted.body).toBe(202);
    const jobId = accepted.json<{ job: { id: string } }>().job.id;
    const job = await waitFor(
      async () => {
        const read = (await api('GET', `/jobs/${jobId}`)).json<{ status: string; result: { created: number } }>();
        return read.status === 'completed' || read.status === 'failed' ? read : undefined;
      },
      60_000,
      'the import job',
    );
    expect(job.status).toBe('completed');
    const created = job.result.created;
    expect(created).toBeGreaterThan(100);

    const grouped = rail.locator('[data-testid="activity-item"][data-group="import"]');
    await grouped.getByText(`Import created ${created} technologies`).waitFor();
    expect(await grouped.textContent()).toContain(`placed ${created} blips`);
    const link = grouped.getByTestId('activity-link');
    expect(await link.getAttribute('href')).toBe(`/projects/${projectId}/radar?radar=${radarId}`);
    // Not a flood: no technology or blip entry of the import on its own.
    expect(await rail.locator('[data-event-type="commandcenter.technology.created.v1"]').count()).toBe(0);
    expect(await rail.locator('[data-event-type="commandcenter.blip.placed.v1"]').count()).toBe(0);
    expect(await rail.getByTestId('activity-item').count()).toBeLessThan(10);

    // One blip moved three times in a row.
    const blips = await api('GET', `/radars/${radarId}/blips?limit=1`);
    const blip = blips.json<{ items: Array<{ id: string; title: string }> }>().items[0]!;
    for (const ringId of ['hold', 'assess', 'trial']) {
      const moved = await api('POST', `/radars/${radarId}/blips/${blip.id}/move`, { ringId, rationale: 'e2e' });
      expect(moved.status, moved.body).toBe(200);
    }
    const moves = rail.locator('[data-testid="activity-item"][data-group="moves"]');
    await moves.getByText(`${blip.title} moved 3 times`).waitFor();
    expect(await rail.locator('[data-event-type="commandcenter.blip.moved.v1"]').count()).toBe(1);

    // After a reload the history (grouped by the server) reads the same.
    await page.reload();
    await rail.locator('[data-testid="activity-item"][data-group="import"]').waitFor();
    await rail.locator('[data-testid="activity-item"][data-group="moves"]').waitFor();
    await rail.screenshot({ path: join(SHOTS, 'activity-share-rail.png') });
    await shot(page, 'grouped');
    copyFileSync(join(SHOTS, 'activity-share-grouped.png'), join(DOCS_SHOTS, 'activity-grouped.png'));
  }, 40_000);

  it('creates a share link whose URL serves the radar without credentials, then revokes it', async () => {
    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    await page.getByTestId('open-share-links').click();
    await page.waitForURL(/\/radar\/share/);
    const form = page.getByTestId('share-link-form');
    await form.locator('input[name="label"]').fill('Backstage');
    await form.getByRole('button', { name: 'Create share link' }).click();
    const created = page.getByTestId('share-link-created');
    await created.waitFor();
    const csvUrl = await created.locator('[data-testid="share-url"][data-format="byor-csv"]').inputValue();
    expect(csvUrl).toMatch(
      new RegExp(`^${base.replace(/[.]/g, '\\.')}/api/v1/shared/radars/ccs_[\\w-]{43}/byor\\.csv$`),
    );
    const row = page.locator('[data-testid="share-link-row"][data-label="Backstage"]');
    await row.waitFor();
    await shot(page, 'links', true);
    copyFileSync(join(SHOTS, 'activity-share-links.png'), join(DOCS_SHOTS, 'share-links.png'));

    // Fetched with no cookies and no credentials, from another origin's point of view.
    const served = await http('GET', csvUrl, { headers: { origin: 'https://backstage.example.com' } });
    expect(served.status, served.body).toBe(200);
    expect(served.headers['access-control-allow-origin']).toBe('*');
    expect(served.body.split('\n').length).toBeGreaterThan(100);
    const zalando = await http('GET', await created.locator('[data-format="zalando"]').inputValue());
    expect(zalando.json<{ entries: unknown[] }>().entries.length).toBeGreaterThan(100);

    await row.getByTestId('revoke-share-link').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.locator('[data-testid="share-link-row"][data-label="Backstage"][data-status="revoked"]').waitFor();
    const revoked = await http('GET', csvUrl);
    expect(revoked.status).toBe(404);
    expect(revoked.headers['content-type']).toMatch(/problem\+json/);
    // The server's request log shows the shared path without its token.
    const secret = csvUrl.split('/').at(-2)!;
    const log = await waitFor(
      async () => {
        const written = sharedServerLog();
        return written.includes('/api/v1/shared/radars/[redacted]') ? written : undefined;
      },
      15_000,
      'the shared path in the request log',
    );
    expect(log).not.toContain(secret);
    expect(pageErrors).toEqual([]);
  }, 40_000);
});
