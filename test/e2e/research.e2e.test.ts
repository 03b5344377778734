import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../helpers/process.js';
import { CHROMIUM, CI, HAVE_CHROMIUM, SHOTS, screenshots, signIn } from './browser.js';
import { connectChromium, sharedServer } from './shared.js';

/**
 * The research hub end to end: the real server and Debian's Chromium. A technology with a blip on the default radar
 * (set up through the API); a research task created in the UI and linked to it; dragged on the board from pending to
 * in progress; findings written in markdown; completed with a verdict; a comment and an attachment; and a ring-change
 * proposal from the verdict that shows up in the radar's proposals inbox, linked to the task. A viewer sees it all
 * read-only. Screenshots land in test-results/research-*.png.
 */

const ADMIN = { email: 'ada.research@example.com', password: 'correct horse battery staple', displayName: 'Ada Admin' };
const VIEWER = { email: 'vic.research@example.com', password: 'a viewer passphrase', displayName: 'Vic Viewer' };
const TECHNOLOGY = 'Deno';
const TASK_TITLE = 'Evaluate Deno for internal tools';

if (!HAVE_CHROMIUM && !CI) process.stderr.write(`\n[e2e] skipping the research suite: no Chromium at ${CHROMIUM}\n\n`);

const shot = screenshots('research');

/** Drags with the mouse in small steps, as a person would (dnd-kit starts a drag after a few pixels of movement). */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const source = await from.boundingBox();
  const target = await to.boundingBox();
  if (source === null || target === null) throw new Error('drag: source or target is not on screen');
  // The card's lower edge: its title link and status menu keep their clicks to themselves.
  const start = { x: source.x + source.width / 2, y: source.y + source.height - 8 };
  const end = { x: target.x + target.width / 2, y: target.y + target.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 10, start.y + 5, { steps: 4 });
  await page.mouse.move(end.x, end.y, { steps: 20 });
  await page.mouse.move(end.x + 2, end.y + 2, { steps: 2 });
  await page.mouse.up();
}

describe.skipIf(!HAVE_CHROMIUM && !CI)('research end to end', () => {
  let browser: Browser | undefined;
  let page: Page;
  let base = '';
  let projectId = '';
  let token = '';
  let technologyId = '';
  let taskId = '';
  const pageErrors: string[] = [];

  const api = (method: string, path: string, body?: unknown) =>
    http(method, `${base}/api/v1/projects/${projectId}${path}`, { token, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
    mkdirSync(SHOTS, { recursive: true });
    ({ base, adminToken: token } = await sharedServer(ADMIN));
    const project = await http('POST', `${base}/api/v1/projects`, {
      token,
      body: { name: 'Research Lab', description: 'Where we find things out.' },
    });
    expect(project.status, project.body).toBe(201);
    projectId = project.json<{ id: string }>().id;
    const viewer = await http('POST', `${base}/api/v1/admin/users`, { token, body: VIEWER });
    expect(viewer.status, viewer.body).toBe(201);
    const added = await api('POST', '/members', { email: VIEWER.email, role: 'viewer' });
    expect(added.status, added.body).toBe(201);

    // A technology placed in Assess on the default radar, so that an "adopt" verdict is a ring change.
    const radars = await api('GET', '/radars');
    expect(radars.status, radars.body).toBe(200);
    const radar = radars.json<{ items: Array<{ isDefault: boolean; quadrants: Array<{ id: string }> }> }>().items[0]!;
    const technology = await api('POST', '/technologies', {
      title: TECHNOLOGY,
      description: 'A JavaScript runtime.',
      placement: { quadrantId: radar.quadrants[0]!.id, ringId: 'assess' },
    });
    expect(technology.status, technology.body).toBe(201);
    technologyId = technology.json<{ id: string }>().id;

    browser = await connectChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') process.stderr.write(`[browser] ${message.text()}\n`);
    });
    await signIn(page, base, ADMIN);
  }, 180_000);

  let failures = 0;
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page !== undefined) {
      await shot(page, `failed-${++failures}`, true).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('creates a task linked to a technology from the research page', async () => {
    await page.goto(`${base}/projects/${projectId}/research`);
    await page.getByText('No research tasks yet').waitFor();
    await page.getByTestId('new-task').click();
    const form = page.getByTestId('new-task-form');
    await form.getByLabel('Title').fill(TASK_TITLE);
    await form.getByLabel('Description').fill('Can **Deno** replace Node for our CLIs?');
    await form.getByLabel('Technologies').click();
    await page.getByRole('option', { name: TECHNOLOGY, exact: true }).click();
    await form.getByLabel('Tags').fill('runtime');
    await form.getByLabel('Tags').press('Enter');
    await form.getByTestId('new-task-submit').click();

    // Created: the page moves to the task.
    await page.waitForURL(/\/research\/tasks\/[0-9a-f-]{36}$/);
    taskId = page.url().split('/').pop() ?? '';
    await page.getByTestId('task-title').getByText(TASK_TITLE).waitFor();
    await page.getByTestId('task-technology').getByText(TECHNOLOGY).waitFor();
    const task = await api('GET', `/research-tasks/${taskId}`);
    expect(task.json()).toMatchObject({ status: 'pending', technologyIds: [technologyId], tags: ['runtime'] });
  }, 60_000);

  it('drags the card from pending to in progress on the board, and the change is stored', async () => {
    await page.goto(`${base}/projects/${projectId}/research`);
    const card = page.locator(`[data-testid="task-card"][data-task-id="${taskId}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('pending');
    await expect.poll(() => page.getByTestId('stat-pending-value').textContent()).toBe('1');

    await drag(page, card, page.locator('[data-testid="board-column"][data-status="in_progress"]'));
    await page.locator(`[data-testid="board-column"][data-status="in_progress"] [data-task-id="${taskId}"]`).waitFor();
    await expect
      .poll(async () => (await api('GET', `/research-tasks/${taskId}`)).json<{ status: string }>().status)
      .toBe('in_progress');
    await expect.poll(() => page.getByTestId('stat-in_progress-value').textContent()).toBe('1');
    await page.mouse.move(0, 0);
    await shot(page, 'board');

    // From the keyboard: space picks the card up, the right arrow jumps one column, space drops it. Each step waits
    // for what a screen reader would hear, as a person waits to see the card lift and move: keys pressed before the
    // board has measured its columns would go nowhere.
    const announced = (text: string) => page.locator('[id^="DndLiveRegion"]', { hasText: text });
    await card.focus();
    await page.keyboard.press('Space');
    // Picked up, and over its own column: the board has measured its columns.
    await announced('is over In progress').waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowRight');
    await announced('is over Blocked').waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    await page.locator(`[data-testid="board-column"][data-status="blocked"] [data-task-id="${taskId}"]`).waitFor();
    await expect
      .poll(async () => (await api('GET', `/research-tasks/${taskId}`)).json<{ status: string }>().status)
      .toBe('blocked');

    // The status menu is the way without dragging at all.
    await card.getByTestId('status-menu').click();
    await page.getByTestId('status-option-in_progress').click();
    await page.locator(`[data-testid="board-column"][data-status="in_progress"] [data-task-id="${taskId}"]`).waitFor();
    await expect
      .poll(async () => (await api('GET', `/research-tasks/${taskId}`)).json<{ status: string }>().status)
      .toBe('in_progress');

    // The view switch keeps its place in the URL.
    await page.getByTestId('research-view').getByText('Table').click();
    await page.waitForURL(/view=table/);
    await page.locator(`[data-testid="task-row"][data-task-id="${taskId}"][data-status="in_progress"]`).waitFor();
    await page.getByTestId('filter-search').fill('no such task');
    await page.getByText('No task matches').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator(`[data-testid="task-row"][data-task-id="${taskId}"]`).waitFor();
  }, 90_000);

  it('writes findings, completes the task with a verdict, comments and attaches a file', async () => {
    await page.locator(`[data-testid="task-row"][data-task-id="${taskId}"]`).getByRole('link').click();
    await page.getByTestId('task-page').waitFor();

    // Findings in markdown, previewed, then rendered.
    await page.getByTestId('findings-edit').click();
    await page.getByTestId('findings-input').fill('## Results\n\n- starts in 40 ms\n- **npm** packages work\n');
    await page.getByTestId('findings-preview-tab').click();
    await page.getByTestId('findings-preview').locator('h2', { hasText: 'Results' }).waitFor();
    await page.getByTestId('findings-save').click();
    const findings = page.getByTestId('findings-rendered');
    await findings.locator('h2', { hasText: 'Results' }).waitFor();
    expect(await findings.locator('li').count()).toBe(2);
    expect(await findings.locator('strong').textContent()).toBe('npm');

    // Completed (status completed sets progress 100 in the form, as the server's rules do).
    await page.getByTestId('task-edit').click();
    const form = page.getByTestId('task-edit-form');
    await form.getByLabel('Actual hours').fill('6');
    await form.getByTestId('edit-status').click();
    await page.getByRole('option', { name: 'Completed', exact: true }).click();
    expect(await form.getByTestId('edit-progress').inputValue()).toBe('100%');
    await form.getByTestId('edit-save').click();
    await page.locator('[data-testid="task-page"][data-status="completed"]').waitFor();
    await page.getByTestId('task-progress').getByText('100%').waitFor();

    // Verdict and confidence.
    await page.getByTestId('verdict-control').getByText('adopt', { exact: true }).click();
    await page.getByTestId('confidence-control').getByText('high', { exact: true }).click();
    await page.getByTestId('verdict-save').click();
    await page.getByTestId('task-title').locator('..').getByTestId('task-verdict').getByText('adopt · high').waitFor();
    const stored = (await api('GET', `/research-tasks/${taskId}`)).json();
    expect(stored).toMatchObject({ status: 'completed', progress: 100, verdict: 'adopt', confidence: 'high' });
    expect(stored.actualHours).toBe(6);
    expect(String(stored.findings)).toContain('## Results');

    // A comment.
    await page.getByTestId('comment-input').fill('Looks good for **CLIs**.');
    await page.getByTestId('comment-submit').click();
    await page.getByTestId('comment').locator('strong', { hasText: 'CLIs' }).waitFor();

    // An attachment: upload, listed with size and type, downloaded under its name.
    const content = 'startup,ms\ndeno,40\nnode,70\n';
    await page.getByTestId('attachment-input').setInputFiles({
      name: 'benchmark.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(content),
    });
    const row = page.locator('[data-testid="attachment"][data-filename="benchmark.txt"]');
    await row.waitFor();
    expect(await row.getByTestId('attachment-size').textContent()).toBe(`${content.length} B`);
    await row.getByText('text/plain').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByTestId('attachment-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('benchmark.txt');
    // A tall viewport shows the whole task in one picture, once the confirmations have faded.
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 15_000 }).toBe(0);
    await page.setViewportSize({ width: 1440, height: 1300 });
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await shot(page, 'task');
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 90_000);

  it('proposes a ring change from the verdict, which waits in the radar proposals inbox', async () => {
    await page.getByTestId('propose-button').click();
    await page.getByTestId('propose-done').waitFor();
    await page.getByTestId('open-proposals-inbox').click();
    await page.waitForURL(/\/radar\/proposals$/);
    const card = page.locator(`[data-testid="proposal-card"][data-technology="${TECHNOLOGY}"]`);
    await card.waitFor();
    // From the blip's ring to the verdict's.
    expect(await card.textContent()).toContain('Assess → Adopt');
    expect(await card.textContent()).toContain(`Research task "${TASK_TITLE}" recommends adopt (high confidence).`);

    const proposals = await api('GET', `/proposals?technologyId=${technologyId}`);
    expect(proposals.status, proposals.body).toBe(200);
    const items = proposals.json<{ items: Array<{ status: string; researchTaskIds: string[] }> }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'open', researchTaskIds: [taskId] });
  }, 60_000);

  it('shows a viewer the task read-only', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const viewerPage = await context.newPage();
    viewerPage.setDefaultTimeout(15_000);
    viewerPage.on('pageerror', (error) => pageErrors.push(String(error)));
    await signIn(viewerPage, base, VIEWER);
    await viewerPage.goto(`${base}/projects/${projectId}/research`);
    const card = viewerPage.locator(`[data-testid="task-card"][data-task-id="${taskId}"]`);
    await card.waitFor();
    expect(await viewerPage.getByTestId('new-task').count()).toBe(0);
    expect(await card.getByTestId('status-menu').count()).toBe(0);
    await viewerPage.goto(`${base}/projects/${projectId}/research/tasks/${taskId}`);
    await viewerPage.getByTestId('read-only').waitFor();
    expect(await viewerPage.getByTestId('task-edit').count()).toBe(0);
    expect(await viewerPage.getByTestId('comment-input').count()).toBe(0);
    expect(await viewerPage.getByTestId('findings-edit').count()).toBe(0);
    await context.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
