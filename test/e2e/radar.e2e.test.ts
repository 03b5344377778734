import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, killAll, login, removeDir, type ServeHandle, startServe, tempDataDir } from '../helpers/process.js';
import {
  CHROMIUM,
  CI,
  freePort,
  HAVE_CHROMIUM,
  HAVE_VOLUME_34,
  SHOTS,
  screenshots,
  signIn,
  VOLUME_34,
} from './browser.js';
import { connectChromium } from './shared.js';

/**
 * The radar end to end: the real server and Debian's Chromium. Import Thoughtworks volume 34 through the wizard and
 * count its blips on the radar; move a blip with a rationale and find it in the timeline; propose a move as a member
 * and approve it as an admin; keyboard access; the SVG export parsed by the browser. Screenshots land in
 * test-results/radar-*.png. The dataset is read in place from ../shared (never copied into the repository).
 */

const ADMIN = { email: 'ada.radar@example.com', password: 'correct horse battery staple', displayName: 'Ada Admin' };
const MEMBER = { email: 'grace.radar@example.com', password: 'another long passphrase', displayName: 'Grace Member' };

if (!HAVE_CHROMIUM && !CI) process.stderr.write(`\n[e2e] skipping the radar suite: no Chromium at ${CHROMIUM}\n\n`);
if (!HAVE_VOLUME_34 && !CI) process.stderr.write(`\n[e2e] skipping the radar suite: no dataset at ${VOLUME_34}\n\n`);

const shot = screenshots('radar');

/** Picks an option of a Mantine Select (the combobox input with that label). */
async function choose(page: Page, scope: ReturnType<Page['locator']>, label: string, option: string): Promise<void> {
  await scope.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Centres and radii of the drawn blips (screen pixels), and the smallest gap between two of them. */
async function blipGeometry(page: Page) {
  const boxes = await page.locator('[data-testid="radar-blip"]').evaluateAll((nodes) =>
    nodes.map((node) => {
      const box = (
        node as unknown as { getBoundingClientRect(): { x: number; y: number; width: number; height: number } }
      ).getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2, r: Math.max(box.width, box.height) / 2 };
    }),
  );
  let minGap = Number.POSITIVE_INFINITY;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      minGap = Math.min(minGap, Math.hypot(a.x - b.x, a.y - b.y) - a.r - b.r);
    }
  }
  return { count: boxes.length, minGap };
}

/**
 * On a server of its own, not the run's shared one: the wizard's import of 118 rows is one transaction, and on an
 * embedded database it would hold up every other suite's requests on the shared server meanwhile.
 */
describe.skipIf((!HAVE_CHROMIUM || !HAVE_VOLUME_34) && !CI)('radar end to end', () => {
  const dataDir = tempDataDir('cc-e2e-radar-');
  let server: ServeHandle | undefined;
  const rows = HAVE_VOLUME_34
    ? (parse(readFileSync(VOLUME_34, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
        Record<string, string>
      >)
    : [];
  let browser: Browser | undefined;
  let adminContext: BrowserContext;
  let page: Page;
  let base = '';
  let projectId = '';
  let adminToken = '';
  let radarId = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
    if (!HAVE_VOLUME_34) throw new Error(`CI=true and no dataset at ${VOLUME_34}`);
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startServe(dataDir, { PORT: String(port), CC_PUBLIC_URL: base });

    // Accounts and the project through the API; the radar itself through the browser.
    const setup = await http('POST', `${base}/api/v1/setup`, { body: { token: server.setupToken, ...ADMIN } });
    expect(setup.status, setup.body).toBeLessThan(300);
    adminToken = await login(base, ADMIN.email, ADMIN.password);
    const member = await http('POST', `${base}/api/v1/admin/users`, { token: adminToken, body: MEMBER });
    expect(member.status, member.body).toBe(201);
    const project = await http('POST', `${base}/api/v1/projects`, {
      token: adminToken,
      body: { name: 'Radar Lab', description: 'Where we decide what to adopt.' },
    });
    expect(project.status, project.body).toBe(201);
    projectId = project.json<{ id: string }>().id;
    const added = await http('POST', `${base}/api/v1/projects/${projectId}/members`, {
      token: adminToken,
      body: { email: MEMBER.email, role: 'member' },
    });
    expect(added.status, added.body).toBe(201);

    browser = await connectChromium();
    adminContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    page = await adminContext.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') process.stderr.write(`[browser] ${message.text()}\n`);
    });
    await signIn(page, base, ADMIN);
  }, 180_000);

  // A picture of the page at the moment a test failed, for whoever reads the CI log.
  let failures = 0;
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page !== undefined) {
      await shot(page, `failed-${++failures}`).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.process.stop('SIGTERM', 10_000);
    await killAll();
    removeDir(dataDir);
  });

  it('imports Thoughtworks volume 34 through the wizard and shows every row as a blip', async () => {
    expect(rows.length).toBe(118);
    // A new project's home says how to start.
    await page.goto(`${base}/projects/${projectId}`);
    await page.getByTestId('dashboard-getting-started').waitFor();
    expect(await page.getByTestId('figure-technologies').textContent()).toContain('0');
    await page.goto(`${base}/projects/${projectId}/radar`);
    await page.getByText('This radar has no blips yet').waitFor();
    await page.getByTestId('open-import').click();
    await page.waitForURL(/\/radar\/import/);

    // The wizard says why Preview cannot run yet.
    expect(await page.getByTestId('import-preview-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('import-preview-why').textContent()).toBe('Choose a file or paste its content.');
    await page.locator('[data-testid="import-source"] input[type="file"]').setInputFiles(VOLUME_34);
    await expect.poll(() => page.getByTestId('import-content').inputValue()).toContain('Context engineering');
    await page.getByLabel('Publish a volume when the import is done').check();
    expect(await page.getByTestId('import-preview-why').textContent()).toMatch(/^Name the volume to publish/);
    await page.getByLabel('Publish a volume when the import is done').uncheck();
    await page.getByTestId('import-preview-button').click();
    await page.getByTestId('import-preview').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('preview-rows').textContent()).toBe(String(rows.length));
    expect(await page.getByTestId('preview-creates').textContent()).toBe(String(rows.length));
    expect(await page.getByTestId('preview-conflicts').textContent()).toBe('0');
    // Where the file's rings land, what each created technology starts as, and what else the file brings.
    expect(await page.locator('[data-testid="mapping-rings"] [data-matched="name"]').count()).toBe(4);
    const contextRow = page.getByTestId('preview-creates-table').getByRole('row', { name: /Context engineering/ });
    expect(await contextRow.textContent()).toContain('integrated');
    expect(await page.getByTestId('preview-notes').textContent()).toMatch(/movement.*related to/s);
    await shot(page, '01-import-preview');

    await page.getByTestId('import-run').click();
    await page.locator('[data-testid="import-job"][data-status="completed"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('import-summary').textContent()).toMatch(
      /^118 technologies created, 0 technologies updated/,
    );
    // Every step is marked done.
    await expect.poll(() => page.locator('.mantine-Stepper-step[data-completed]').count()).toBe(3);
    await shot(page, '02-import-done');
    await page.getByTestId('import-see-radar').click();
    await page.waitForURL(/\/radar\?radar=/);
    radarId = new URL(page.url()).searchParams.get('radar') ?? '';

    const chart = page.getByTestId('radar-chart');
    await expect.poll(() => chart.getAttribute('data-blip-count'), { timeout: 20_000 }).toBe(String(rows.length));
    expect(await page.locator('[data-testid="radar-blip"]').count()).toBe(rows.length);
    expect(await page.getByTestId('legend-entry').count()).toBe(rows.length);
    const geometry = await blipGeometry(page);
    expect(geometry.count).toBe(rows.length);
    expect(geometry.minGap).toBeGreaterThan(0);
    // Tall enough for the header, the controls and the whole radar in one picture.
    await page.setViewportSize({ width: 1280, height: 1080 });
    await shot(page, 'desktop');
    await chart.screenshot({ path: join(SHOTS, 'radar-chart.png') });
    await shot(page, 'desktop-full', true);
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 180_000);

  it('shows a tooltip on hover, opens details with the keyboard, and filters without moving blips', async () => {
    const first = page.locator('[data-testid="radar-blip"][data-number="1"]');
    // Where a blip sits inside the chart (the page around it may shift when the filter summary appears).
    const position = async () => {
      const chart = await page.getByTestId('radar-svg').boundingBox();
      const blip = await first.boundingBox();
      return { x: blip!.x - chart!.x, y: blip!.y - chart!.y, width: blip!.width };
    };
    const before = await position();
    await first.hover();
    await page.getByTestId('radar-tooltip').waitFor();
    expect(await page.getByTestId('radar-tooltip').textContent()).toContain('1.');

    await first.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('blip-drawer-title').waitFor();
    expect(await page.getByTestId('blip-drawer-title').textContent()).toMatch(/^1\. /);
    await page.keyboard.press('Escape');
    await page.getByTestId('blip-drawer-title').waitFor({ state: 'detached' });

    // Tab walks the blips in number order.
    await first.focus();
    await page.keyboard.press('Tab');
    // The keyboard focus ring (and the tooltip, which follows focus) on blip 2.
    await page.getByTestId('radar-tooltip').waitFor();
    await page.getByTestId('radar-chart').screenshot({ path: join(SHOTS, 'radar-focus.png') });
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }
        ).document.activeElement.getAttribute('data-number'),
      ),
    ).toBe('2');

    await page.getByTestId('filter-search').fill('agent');
    await page.getByTestId('filter-count').waitFor();
    const dimmed = await page.locator('[data-testid="radar-blip"][data-dimmed="true"]').count();
    expect(dimmed).toBeGreaterThan(0);
    expect(dimmed).toBeLessThan(rows.length);
    // Measured with the pointer away (a hovered blip grows a halo), to within a pixel of sub-pixel layout.
    await page.mouse.move(0, 0);
    const after = await position();
    for (const key of ['x', 'y', 'width'] as const) expect(Math.abs(after[key] - before[key])).toBeLessThan(1);
    await shot(page, '03-filtered');
    await page.getByRole('button', { name: 'Clear filters' }).click();

    await page.getByTestId('view-switch').getByText('Table').click();
    await expect.poll(() => page.getByTestId('radar-row').count()).toBe(rows.length);
    await shot(page, '04-table');
    await page.getByTestId('view-switch').getByText('Radar').click();
  }, 60_000);

  it('moves a blip with a rationale and shows it in the technology timeline', async () => {
    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    await page.getByTestId('legend-entry').filter({ hasText: 'DORA metrics' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByTestId('blip-drawer-title').waitFor();
    await drawer.getByRole('tab', { name: 'Move now' }).click();
    const form = drawer.getByTestId('move-form');
    await choose(page, form, 'Ring', 'Trial');
    await form.getByRole('button', { name: 'Move blip' }).click();
    // The ring changed, so a rationale is required.
    await form.getByText('Say why').waitFor();
    await form.getByRole('textbox', { name: 'Rationale' }).fill('E2E: teams still calibrate the fifth metric.');
    await form.getByRole('button', { name: 'Move blip' }).click();
    await page.getByText('DORA metrics moved').waitFor();

    await page.getByTestId('legend-entry').filter({ hasText: 'DORA metrics' }).click();
    await page.getByTestId('open-technology').click();
    await page.getByTestId('technology-title').getByText('DORA metrics').waitFor();
    const timeline = page.getByTestId('history-timeline');
    await timeline.getByText('E2E: teams still calibrate the fifth metric.').waitFor();
    expect(await timeline.getByTestId('history-entry').first().getAttribute('data-kind')).toBe('moved');
    await shot(page, '05-technology', true);
  }, 60_000);

  it('lets a member propose a move and another user approve it; nobody decides their own', async () => {
    const memberContext = await browser!.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const memberPage = await memberContext.newPage();
    memberPage.setDefaultTimeout(15_000);
    memberPage.on('pageerror', (error) => pageErrors.push(String(error)));
    await signIn(memberPage, base, MEMBER);
    await memberPage.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    await memberPage.getByTestId('legend-entry').filter({ hasText: 'Passkeys' }).click();
    const drawer = memberPage.getByRole('dialog');
    const form = drawer.getByTestId('propose-form');
    await choose(memberPage, form, 'Ring', 'Assess');
    await form.getByRole('textbox', { name: 'Rationale' }).fill('E2E: recovery flows are still immature.');
    await form.getByRole('button', { name: 'Propose move' }).click();
    await memberPage.getByText('Proposal for Passkeys sent for review').waitFor();
    // The member can see it but not decide it.
    await memberPage.goto(`${base}/projects/${projectId}/radar/proposals`);
    const own = memberPage.locator('[data-testid="proposal-card"][data-technology="Passkeys"]');
    await own.getByTestId('own-proposal-note').waitFor();
    expect(await own.getByTestId('approve').count()).toBe(0);
    await memberContext.close();

    // The admin approves it.
    await page.goto(`${base}/projects/${projectId}/radar/proposals`);
    const card = page.locator('[data-testid="proposal-card"][data-technology="Passkeys"]');
    await card.waitFor();
    await card.getByTestId('decision-comment').fill('Agreed, revisit next volume.');
    await shot(page, '06-proposals');
    await card.getByTestId('approve').click();
    await page.getByText('Passkeys: proposal approved').waitFor();

    // The admin's own proposal shows no decision buttons.
    const blips = await http('GET', `${base}/api/v1/projects/${projectId}/radars/${radarId}/blips?limit=200`, {
      token: adminToken,
    });
    const blip = blips
      .json<{ items: Array<{ id: string; title: string }> }>()
      .items.find((item) => item.title === 'Cursor');
    const proposed = await http('POST', `${base}/api/v1/projects/${projectId}/proposals`, {
      token: adminToken,
      body: { blipId: blip?.id, toRingId: 'trial', rationale: 'E2E: my own proposal' },
    });
    expect(proposed.status, proposed.body).toBe(201);
    await page.getByTestId('proposal-filter').getByText('open', { exact: true }).click();
    const mine = page.locator('[data-testid="proposal-card"][data-technology="Cursor"]');
    await mine.getByTestId('own-proposal-note').waitFor();
    expect(await mine.getByTestId('approve').count()).toBe(0);

    // The approved move is on the radar and in the timeline.
    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    await page.getByTestId('legend-entry').filter({ hasText: 'Passkeys' }).click();
    await page.getByTestId('open-technology').click();
    await page.getByTestId('history-timeline').getByText('via proposal', { exact: false }).waitFor();
  }, 90_000);

  it('publishes a volume, compares it with the live radar and shows it through the volume switch', async () => {
    await page.goto(`${base}/projects/${projectId}/radar/diff?radar=${radarId}`);
    await page.getByTestId('publish-volume').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Vol. 34 (e2e)');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Volume Vol. 34 (e2e) published').waitFor();
    // Against the volume just published, the live radar has not changed.
    await expect
      .poll(() => page.locator('[data-testid="diff-row"][data-movement="no_change"]').count())
      .toBe(rows.length);
    expect(await page.getByTestId('diff-row').count()).toBe(rows.length);
    await shot(page, '07-diff');

    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    await page.getByTestId('volume-select').click();
    await page.getByRole('option', { name: /^Vol\. 34 \(e2e\)/ }).click();
    await page.getByTestId('radar-summary').getByText('volume Vol. 34 (e2e)', { exact: false }).waitFor();
    await expect.poll(() => page.getByTestId('radar-chart').getAttribute('data-blip-count')).toBe(String(rows.length));

    // On its own radar: a blip that misses a volume and comes back is shown as returning.
    const api = `${base}/api/v1/projects/${projectId}`;
    const call = async (method: string, path: string, body?: object) =>
      (await http(method, `${api}${path}`, { token: adminToken, ...(body === undefined ? {} : { body }) })).json<{
        id: string;
        items: Array<{ id: string }>;
      }>();
    const other = await call('POST', '/radars', { name: 'Returning radar' });
    const technology = (await call('GET', '/technologies?q=passkeys')).items[0]!;
    const place = () =>
      call('POST', `/radars/${other.id}/blips`, {
        technologyId: technology.id,
        quadrantId: 'techniques',
        ringId: 'trial',
      });
    const first = await place();
    await call('POST', `/radars/${other.id}/volumes`, { name: 'R1', date: '2026-01-01' });
    await http('DELETE', `${api}/radars/${other.id}/blips/${first.id}?rationale=pause`, { token: adminToken });
    await call('POST', `/radars/${other.id}/volumes`, { name: 'R2', date: '2026-02-01' });
    await place();
    await page.goto(`${base}/projects/${projectId}/radar?radar=${other.id}&view=table`);
    await page.getByTestId('returning').first().waitFor();
  }, 60_000);

  it('exports a well-formed SVG of the radar that the browser parses', async () => {
    const exported = await page.evaluate(
      async ({ url, token }) => {
        const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
        const text = await response.text();
        const g = globalThis as unknown as {
          DOMParser: new () => {
            parseFromString(
              text: string,
              type: string,
            ): {
              getElementsByTagName(name: string): { length: number };
              querySelectorAll(selector: string): { length: number };
            };
          };
        };
        const document = new g.DOMParser().parseFromString(text, 'image/svg+xml');
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          errors: document.getElementsByTagName('parsererror').length,
          blips: document.querySelectorAll('g.blip').length,
        };
      },
      { url: `${base}/api/v1/projects/${projectId}/radars/${radarId}/export?format=svg`, token: adminToken },
    );
    expect(exported.status).toBe(200);
    expect(exported.type).toContain('image/svg+xml');
    expect(exported.errors).toBe(0);
    expect(exported.blips).toBe(rows.length);
  }, 30_000);

  it('lays the radar out at phone width without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    const chart = page.getByTestId('radar-chart');
    await expect.poll(() => chart.getAttribute('data-blip-count')).toBe(String(rows.length));
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
          .scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(390);
    const geometry = await blipGeometry(page);
    expect(geometry.minGap).toBeGreaterThan(0);
    await chart.scrollIntoViewIfNeeded();
    await shot(page, 'phone');
    // A quadrant filter zooms into that quadrant: readable on a phone.
    const wholeRadar = await page.getByTestId('radar-svg').getAttribute('viewBox');
    await page.getByTestId('filter-quadrant').click();
    await page.getByRole('option', { name: 'Tools', exact: true }).click();
    await page.getByRole('option', { name: 'Tools', exact: true }).waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('radar-svg').getAttribute('viewBox')).not.toBe(wholeRadar);
    await chart.scrollIntoViewIfNeeded();
    await shot(page, 'phone-quadrant');
    await page.setViewportSize({ width: 1280, height: 860 });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('edits a technology: fields, markdown description and relations', async () => {
    const technologies = await http(
      'GET',
      `${base}/api/v1/projects/${projectId}/technologies?q=${encodeURIComponent('DORA metrics')}&limit=5`,
      { token: adminToken },
    );
    const dora = technologies
      .json<{ items: Array<{ id: string; title: string }> }>()
      .items.find((item) => item.title === 'DORA metrics');
    expect(dora).toBeDefined();
    await page.goto(`${base}/projects/${projectId}/radar/technologies/${dora!.id}`);
    await page.getByTestId('edit-technology').click();
    const form = page.getByTestId('technology-form');
    await form.getByLabel('Vendor', { exact: true }).fill('DevOps Research and Assessment');
    await form.getByLabel('Domain', { exact: true }).fill('delivery');
    await form.getByRole('slider', { name: 'Priority' }).focus();
    await page.keyboard.press('End');
    await form
      .getByRole('textbox', { name: 'Description' })
      .fill('## Why we track it\n\n- lead time\n- **change failure rate**');
    await form.getByRole('tab', { name: 'Preview' }).first().click();
    await form.getByRole('heading', { name: 'Why we track it' }).waitFor();
    // A number that is not one is refused by the server, next to its field, and nothing is saved.
    await form.getByLabel('Latency (ms)', { exact: true }).fill('fast');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByLabel('Latency (ms)', { exact: true }).and(page.locator('[aria-invalid="true"]')).waitFor();
    await form.getByLabel('Latency (ms)', { exact: true }).fill('12');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('DORA metrics saved').waitFor();

    const description = page.getByTestId('technology-description');
    await description.getByRole('heading', { name: 'Why we track it' }).waitFor();
    expect(await description.locator('li').count()).toBe(2);
    expect(await description.locator('strong').textContent()).toBe('change failure rate');
    const saved = (
      await http('GET', `${base}/api/v1/projects/${projectId}/technologies/${dora!.id}`, { token: adminToken })
    ).json<{ vendor: string; domain: string; priority: number; latencyMs: number; title: string }>();
    expect(saved).toMatchObject({
      title: 'DORA metrics',
      vendor: 'DevOps Research and Assessment',
      domain: 'delivery',
      priority: 5,
      latencyMs: 12,
    });

    // A relation to another technology, found by typing part of its name.
    const relationForm = page.getByTestId('add-relation');
    await relationForm.getByLabel('Related technology').fill('Passk');
    await page.getByRole('option', { name: 'Passkeys', exact: true }).waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await relationForm.getByRole('button', { name: 'Add relation' }).click();
    const relation = page.locator('[data-testid="relation"][data-kind="alternative_to"]');
    await relation.getByText('Passkeys').waitFor();
    await relation.getByTestId('remove-relation').click();
    await expect.poll(() => page.locator('[data-testid="relation"][data-kind="alternative_to"]').count()).toBe(0);
    await shot(page, '08-technology-edited', true);
  }, 90_000);

  it("maps a Zalando file's quadrants in the import preview", async () => {
    const zalando = JSON.stringify({
      quadrants: [{ name: 'Languages' }, { name: 'Infrastructure' }],
      rings: [{ name: 'ADOPT' }, { name: 'TRIAL' }],
      entries: [
        { label: 'Kotlin', quadrant: 0, ring: 0, moved: 0 },
        { label: 'Terraform', quadrant: 1, ring: 1, moved: 2 },
      ],
    });
    await page.goto(`${base}/projects/${projectId}/radar/import?radar=${radarId}`);
    await page.getByTestId('import-content').fill(zalando);
    await page.getByTestId('import-preview-button').click();
    await page.getByTestId('import-preview').waitFor();
    expect(await page.getByTestId('preview-conflicts').textContent()).toBe('2');
    expect(await page.locator('[data-testid="mapping-quadrants"] [data-matched="none"]').count()).toBe(2);
    for (const [label, target] of [
      ['Languages', 'Languages & Frameworks'],
      ['Infrastructure', 'Platforms'],
    ] as const) {
      await page.getByLabel(`Where "${label}" goes`).first().click();
      await page.getByRole('option', { name: target, exact: true }).click();
    }
    await expect.poll(() => page.getByTestId('preview-conflicts').textContent()).toBe('0');
    expect(await page.locator('[data-testid="mapping-quadrants"] [data-matched="mapping"]').count()).toBe(2);
    await shot(page, '01b-import-mapping');
  }, 60_000);

  it('changes the radar structure: adds a quadrant, refuses to drop an occupied one, creates a radar', async () => {
    await page.goto(`${base}/projects/${projectId}/radar`);
    await page.getByTestId('open-radar-settings').click();
    await page.waitForURL(/\/radar\/settings/);
    const editor = page.getByTestId('radar-editor');
    await editor.getByTestId('quadrants-add').click();
    await editor.getByLabel('Quadrants 5 name').fill('Data');
    await editor.getByTestId('save-radar').click();
    await page
      .getByText(/saved$/)
      .first()
      .waitFor();
    const radar = (
      await http('GET', `${base}/api/v1/projects/${projectId}/radars/${radarId}`, { token: adminToken })
    ).json<{ quadrants: Array<{ id: string; name: string }> }>();
    expect(radar.quadrants).toHaveLength(5);
    expect(radar.quadrants[4]).toMatchObject({ id: 'data', name: 'Data' });

    // Tools holds blips: the server refuses and says why; nothing changes.
    await editor.getByRole('button', { name: 'Remove Tools' }).click();
    await editor.getByTestId('save-radar').click();
    await editor.getByTestId('radar-editor-error').waitFor();
    expect(await editor.getByTestId('radar-editor-error').textContent()).toMatch(/"Tools" holds \d+ blips/);
    const unchanged = (
      await http('GET', `${base}/api/v1/projects/${projectId}/radars/${radarId}`, { token: adminToken })
    ).json<{ quadrants: unknown[] }>();
    expect(unchanged.quadrants).toHaveLength(5);
    // Back to the saved structure, with Tools.
    await page.reload();
    await editor.waitFor();

    // A ring's lifecycle for imported technologies, and quadrant names shown whole.
    await editor.getByLabel('Rings (innermost first) 2: imported technologies start as').click();
    await page.getByRole('option', { name: 'implementation' }).click();
    await editor.getByTestId('save-radar').click();
    await expect
      .poll(
        async () =>
          (await http('GET', `${base}/api/v1/projects/${projectId}/radars/${radarId}`, { token: adminToken })).json<{
            rings: Array<{ lifecycle?: string }>;
          }>().rings[1]?.lifecycle,
      )
      .toBe('implementation');
    const quadrantName = editor.getByLabel('Quadrants 4 name');
    expect(await quadrantName.inputValue()).toBe('Languages & Frameworks');
    expect(
      await quadrantName.evaluate((input) => {
        const box = input as unknown as { scrollWidth: number; clientWidth: number };
        return box.scrollWidth <= box.clientWidth;
      }),
    ).toBe(true);
    await shot(page, '09-settings');

    await page.getByTestId('new-radar').click();
    await page.getByRole('dialog').getByLabel('Name').fill('Platform radar');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByText('Platform radar created').waitFor();
    await expect.poll(() => page.getByTestId('settings-radar-select').inputValue()).toBe('Platform radar');

    // The five-quadrant radar still draws every blip apart.
    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    await expect.poll(() => page.getByTestId('radar-chart').getAttribute('data-blip-count')).toBe(String(rows.length));
    expect((await blipGeometry(page)).minGap).toBeGreaterThan(0);
  }, 90_000);

  it('adds a technology placed on the radar, and the dashboard shows it as new since the last volume', async () => {
    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    await page.getByTestId('add-technology').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Title/ }).fill('Pgvector');
    await dialog.getByLabel(/^Quadrant on /).click();
    await page.getByRole('option', { name: 'Data', exact: true }).click();
    await dialog.getByLabel('Ring', { exact: true }).click();
    await page.getByRole('option', { name: 'Trial', exact: true }).click();
    await dialog.getByRole('button', { name: 'Add technology' }).click();
    await page.getByTestId('technology-title').getByText('Pgvector').waitFor();
    await page.getByTestId('technology-placement').getByText('Trial · Data', { exact: false }).waitFor();

    await page.goto(`${base}/projects/${projectId}`);
    const dashboard = page.getByTestId('dashboard');
    await expect
      .poll(() => dashboard.getByTestId('figure-technologies').textContent())
      .toContain(String(rows.length + 1));
    const movement = dashboard.getByTestId('movement-list');
    await movement.getByText('Pgvector').waitFor();
    expect(await movement.textContent()).toContain('new');
    // The admin's own proposal (Cursor) is open; DORA metrics is priority 5.
    await dashboard.getByTestId('panel-proposals').getByText('Cursor').waitFor();
    await dashboard.getByTestId('panel-priority').getByText('DORA metrics').waitFor();
    expect(await dashboard.locator(`[data-testid="ring-counts-${radarId}"] [data-label="Trial"]`).count()).toBe(1);
    await page.setViewportSize({ width: 1280, height: 1200 });
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
