import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, REPO_ROOT } from '../helpers/process.js';
import { CHROMIUM, CI, HAVE_CHROMIUM, HAVE_VOLUME_34, SHOTS, screenshots, signIn, VOLUME_34 } from './browser.js';
import { connectChromium, sharedServer } from './shared.js';

/**
 * Reading the radar end to end (issue 9, points 9, 10, 12 and 13): a real Thoughtworks volume imported through the
 * API, then in Chromium: the technology page shows the imported write-up (links as links, no raw tags, nothing
 * executes), the blip drawer's "read more", quadrant and ring names on the chart at 1440×900, the phone view at
 * 390×844, and the export menu's downloads. Screenshots land in test-results/reading-*.png and, for the docs, in
 * docs/screenshots/. The dataset is read in place from ../shared.
 */

const DOCS_SHOTS = join(REPO_ROOT, 'docs', 'screenshots');
/** Its write-up is long (well over the drawer's preview) and full of links. */
const SUBJECT = 'Context engineering';
const FIRST_SENTENCE = 'has evolved from an optimization tactic into a foundational architectural concern';
const LAST_SENTENCE = 'teams must engineer context as a dynamic, precisely managed pipeline.';
const ADMIN = {
  email: 'rita.reading@example.com',
  password: 'correct horse battery staple',
  displayName: 'Rita Reader',
};
const FIRST_LINK = 'https://www.anthropic.com/engineering/effective-context-engineering-for-ai-agents';

if (!HAVE_CHROMIUM && !CI) process.stderr.write(`\n[e2e] skipping the reading suite: no Chromium at ${CHROMIUM}\n\n`);
if (!HAVE_VOLUME_34 && !CI) process.stderr.write(`\n[e2e] skipping the reading suite: no dataset at ${VOLUME_34}\n\n`);

const shot = screenshots('reading');

interface Doc {
  documentElement: { scrollWidth: number };
}
const pageWidth = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: Doc }).document.documentElement.scrollWidth);

describe.skipIf((!HAVE_CHROMIUM || !HAVE_VOLUME_34) && !CI)('reading the radar end to end', () => {
  const csv = HAVE_VOLUME_34 ? readFileSync(VOLUME_34, 'utf8') : '';
  const rows = HAVE_VOLUME_34
    ? (parse(csv, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>)
    : [];
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base = '';
  let token = '';
  let projectId = '';
  let radarId = '';
  let volumeId = '';
  let quadrants: Array<{ id: string; name: string }> = [];
  let rings: Array<{ id: string; name: string }> = [];
  const technologyIds = new Map<string, string>();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
    if (!HAVE_VOLUME_34) throw new Error(`CI=true and no dataset at ${VOLUME_34}`);
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOCS_SHOTS, { recursive: true });
    ({ base, adminToken: token } = await sharedServer(ADMIN));
    const project = await http('POST', `${base}/api/v1/projects`, { token, body: { name: 'Reading Room' } });
    expect(project.status, project.body).toBe(201);
    projectId = project.json<{ id: string }>().id;

    // The volume through the import API, publishing a volume; then wait for its job.
    const imported = await http('POST', `${base}/api/v1/projects/${projectId}/radar-imports`, {
      token,
      body: { format: 'byor-csv', content: csv, publishVolume: { name: 'Vol. 34', date: '2026-04-15' } },
    });
    expect(imported.status, imported.body).toBe(202);
    const jobId = imported.json<{ job: { id: string } }>().job.id;
    let status = 'pending';
    for (let attempt = 0; attempt < 240 && status !== 'completed' && status !== 'failed'; attempt++) {
      await new Promise((settle) => setTimeout(settle, 250));
      const job = await http('GET', `${base}/api/v1/projects/${projectId}/jobs/${jobId}`, { token });
      status = job.json<{ status: string }>().status;
    }
    expect(status).toBe('completed');

    const radars = (await http('GET', `${base}/api/v1/projects/${projectId}/radars`, { token })).json<{
      items: Array<{
        id: string;
        isDefault: boolean;
        quadrants: Array<{ id: string; name: string }>;
        rings: Array<{ id: string; name: string }>;
      }>;
    }>().items;
    const radar = radars.find((candidate) => candidate.isDefault) ?? radars[0]!;
    radarId = radar.id;
    quadrants = radar.quadrants;
    rings = radar.rings;
    const volumes = (
      await http('GET', `${base}/api/v1/projects/${projectId}/radars/${radarId}/volumes`, { token })
    ).json<{ items: Array<{ id: string }> }>().items;
    volumeId = volumes[0]?.id ?? '';
    const technologies = (
      await http('GET', `${base}/api/v1/projects/${projectId}/technologies?limit=200`, { token })
    ).json<{ items: Array<{ id: string; title: string }> }>().items;
    for (const technology of technologies) technologyIds.set(technology.title, technology.id);
    expect(technologyIds.size).toBe(rows.length);

    // Hostile write-ups, as an API client could store them: HTML with a script and an event handler, and markdown.
    const hostileHtml = await http(
      'PATCH',
      `${base}/api/v1/projects/${projectId}/technologies/${technologyIds.get('Typer')}`,
      {
        token,
        body: {
          description:
            '<p>Typer <em>makes</em> CLIs <a href="javascript:window.__pwned=1">click me</a> and ' +
            '<a href="https://typer.tiangolo.com/">docs</a>.</p><script>window.__pwned=1</script>' +
            '<img src="x" onerror="window.__pwned=1"><p onclick="window.__pwned=1">Second paragraph.</p>',
        },
      },
    );
    expect(hostileHtml.status, hostileHtml.body).toBe(200);
    const markdown = await http(
      'PATCH',
      `${base}/api/v1/projects/${projectId}/technologies/${technologyIds.get('Pi')}`,
      {
        token,
        body: {
          description:
            'Pi is **small**, see [the site](https://example.com/pi).\n\n<img src="x" onerror="window.__pwned=1">\n\n- one\n- two',
        },
      },
    );
    expect(markdown.status, markdown.body).toBe(200);

    browser = await connectChromium();
    context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') process.stderr.write(`[browser] ${message.text()}\n`);
    });
    await signIn(page, base, ADMIN);
  }, 180_000);

  let failures = 0;
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail' && page !== undefined) {
      await shot(page, `failed-${++failures}`).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  const pwned = () => page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned ?? null);

  it('shows the imported write-up on the technology page: text, links as links, no raw tags', async () => {
    await page.goto(`${base}/projects/${projectId}/radar/technologies/${technologyIds.get(SUBJECT)}`);
    const description = page.getByTestId('technology-description');
    await description.getByText(FIRST_SENTENCE, { exact: false }).waitFor();
    await description.getByText(LAST_SENTENCE, { exact: false }).waitFor();
    const link = description.locator(`a[href="${FIRST_LINK}"]`);
    expect(await link.textContent()).toBe('Context engineering');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await description.locator('p').count()).toBeGreaterThan(2);
    const text = (await description.textContent()) ?? '';
    expect(text).not.toMatch(/<\/?(p|a|strong|br)\b/);
    expect(text).not.toContain('&quot;');
    await page.screenshot({ path: join(DOCS_SHOTS, 'technology-page.png') });

    // HTML stored through the API is sanitised again in the browser: no script, no handler, no javascript: link.
    await page.goto(`${base}/projects/${projectId}/radar/technologies/${technologyIds.get('Typer')}`);
    const hostile = page.getByTestId('technology-description');
    await hostile.getByText('Second paragraph.').waitFor();
    expect(await hostile.locator('a[href="https://typer.tiangolo.com/"]').textContent()).toBe('docs');
    expect(await hostile.locator('em').textContent()).toBe('makes');
    expect(await hostile.locator('script, img, [onclick], a[href^="javascript"]').count()).toBe(0);
    expect(await hostile.getByText('click me').count()).toBe(1);
    expect(await pwned()).toBeNull();

    // Markdown typed by a user still renders as markdown; HTML inside it stays inert.
    await page.goto(`${base}/projects/${projectId}/radar/technologies/${technologyIds.get('Pi')}`);
    const typed = page.getByTestId('technology-description');
    await typed.locator('a[href="https://example.com/pi"]').waitFor();
    expect(await typed.locator('strong').textContent()).toBe('small');
    expect(await typed.locator('li').count()).toBe(2);
    expect(await typed.locator('img').count()).toBe(0);
    expect(await pwned()).toBeNull();
  }, 60_000);

  it("reveals the whole write-up behind the drawer's read more", async () => {
    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}&blip=${technologyIds.get(SUBJECT)}`);
    const drawer = page.getByRole('dialog');
    const body = drawer.getByTestId('blip-description');
    await body.getByText(FIRST_SENTENCE, { exact: false }).waitFor();
    const readMore = drawer.getByRole('button', { name: 'Read more' });
    await readMore.waitFor();
    // Clamped: the last sentence is cut off (outside the preview's box).
    const clipped = await body.evaluate((node) => {
      const element = node as unknown as { scrollHeight: number; clientHeight: number };
      return element.scrollHeight > element.clientHeight + 1;
    });
    expect(clipped).toBe(true);
    await readMore.click();
    await drawer.getByRole('button', { name: 'Show less' }).waitFor();
    await body.getByText(LAST_SENTENCE, { exact: false }).waitFor();
    const open = await body.evaluate((node) => {
      const element = node as unknown as { scrollHeight: number; clientHeight: number };
      return element.scrollHeight <= element.clientHeight + 1;
    });
    expect(open).toBe(true);
    expect(await body.locator(`a[href="${FIRST_LINK}"]`).count()).toBe(1);
    await page.keyboard.press('Escape');
  }, 30_000);

  it('names the quadrants and rings on the chart at 1440×900', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    const svg = page.getByTestId('radar-svg');
    await expect.poll(() => page.getByTestId('radar-chart').getAttribute('data-blip-count')).toBe(String(rows.length));
    await svg.scrollIntoViewIfNeeded();
    const chartBox = (await svg.boundingBox())!;
    // The whole chart fits the window.
    expect(chartBox.height).toBeLessThanOrEqual(900);
    const labels = await svg.locator('text').evaluateAll((nodes) =>
      nodes.map((node) => {
        const element = node as unknown as {
          textContent: string | null;
          getBoundingClientRect(): { x: number; y: number; width: number; height: number };
        };
        const box = element.getBoundingClientRect();
        return { text: (element.textContent ?? '').trim(), x: box.x, y: box.y, width: box.width, height: box.height };
      }),
    );
    const inside = (box: { x: number; y: number; width: number; height: number }) =>
      box.x >= chartBox.x - 1 &&
      box.y >= chartBox.y - 1 &&
      box.x + box.width <= chartBox.x + chartBox.width + 1 &&
      box.y + box.height <= chartBox.y + chartBox.height + 1;
    for (const quadrant of quadrants) {
      const label = labels.find((candidate) => candidate.text.toLowerCase() === quadrant.name.toLowerCase());
      expect(label, `quadrant ${quadrant.name} on the chart`).toBeDefined();
      expect(inside(label!), `${quadrant.name} inside the chart`).toBe(true);
      // Readable: at least 13 px tall on screen.
      expect(label!.height).toBeGreaterThanOrEqual(13);
    }
    for (const ring of rings) {
      const label = labels.find((candidate) => candidate.text.toLowerCase() === ring.name.toLowerCase());
      expect(label, `ring ${ring.name} on the chart`).toBeDefined();
      expect(inside(label!)).toBe(true);
      expect(label!.height).toBeGreaterThanOrEqual(10);
    }
    // Three-digit numbers fit their blips and are not microscopic.
    const hundred = page.locator('[data-testid="radar-blip"][data-number="100"]');
    const blipBox = (await hundred.boundingBox())!;
    const numberBox = (await hundred.locator('text').boundingBox())!;
    expect(numberBox.width).toBeLessThanOrEqual(blipBox.width);
    // The export's size would be about 7 px here (8 px tall), which is hard to read.
    expect(numberBox.height).toBeGreaterThanOrEqual(10);
    await page.screenshot({ path: join(DOCS_SHOTS, 'radar-labelled.png') });
  }, 30_000);

  it('gives a phone a quadrant-by-quadrant list with tap targets of at least 24 px and no sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    const entries = page.getByTestId('phone-entry');
    await entries.first().waitFor();
    // The first entry is on the first screen, not 660 px down.
    expect((await entries.first().boundingBox())!.y).toBeLessThan(844);
    const boxes = await entries.evaluateAll((nodes) =>
      nodes.map((node) => {
        const box = (
          node as unknown as { getBoundingClientRect(): { width: number; height: number } }
        ).getBoundingClientRect();
        return { width: box.width, height: box.height };
      }),
    );
    expect(boxes.length).toBeGreaterThan(5);
    for (const box of boxes) {
      expect(box.height).toBeGreaterThanOrEqual(24);
      expect(box.width).toBeGreaterThanOrEqual(24);
    }
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(DOCS_SHOTS, 'radar-phone.png') });

    // Another quadrant, then a tap opens the blip.
    const next = quadrants[2]!;
    await page.getByTestId('filter-quadrant').click();
    await page.getByRole('option', { name: next.name, exact: true }).click();
    await expect.poll(() => page.getByTestId('phone-quadrant-title').textContent()).toContain(next.name);
    const first = entries.first();
    const title = ((await first.getAttribute('data-title')) ?? '').trim();
    await first.click();
    await page.getByTestId('blip-drawer-title').getByText(title, { exact: false }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await shot(page, 'phone-drawer');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 30_000);

  it('downloads BYOR CSV and SVG from the export menu, on the live radar and for a volume', async () => {
    await page.goto(`${base}/projects/${projectId}/radar?radar=${radarId}`);
    const download = async (item: string, menu = 'export-menu') => {
      await page.getByTestId(menu).click();
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: item }).click(),
      ]);
      // Saved by name: the browser is the run's shared one, whose own copy is not on this side of the connection.
      const path = join(SHOTS, `reading-download-${file.suggestedFilename()}`);
      await file.saveAs(path);
      return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
    };
    const csvFile = await download('BYOR CSV');
    expect(csvFile.name).toMatch(/\.csv$/);
    expect(csvFile.text.split(/\r?\n/)[0]).toMatch(/^name,ring,quadrant,isNew/);
    const exported = parse(csvFile.text, { columns: true }) as Array<{ name: string }>;
    expect(exported.length).toBe(rows.length);
    const svgFile = await download('SVG');
    expect(svgFile.name).toMatch(/\.svg$/);
    expect(svgFile.text).toContain('<svg');
    expect(svgFile.text.match(/class="blip"/g)?.length).toBe(rows.length);
    await page.getByTestId('export-menu').click();
    await shot(page, 'export-menu');
    await page.keyboard.press('Escape');

    // The volume view exports that volume.
    await page.goto(`${base}/projects/${projectId}/radar/diff?radar=${radarId}&from=${volumeId}`);
    const volumeFile = await download('Zalando JSON', 'export-from');
    expect(volumeFile.name).toMatch(/\.json$/);
    const zalando = JSON.parse(volumeFile.text) as { entries: unknown[] };
    expect(zalando.entries.length).toBe(rows.length);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
