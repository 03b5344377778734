import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, login } from '../helpers/process.js';
import { CHROMIUM, CI, HAVE_CHROMIUM, SHOTS, screenshots, signIn } from './browser.js';
import { connectChromium, sharedServer } from './shared.js';

/**
 * Invitations end to end: the real server and Debian's Chromium. A project owner who is not an instance administrator
 * invites an email from the members page and reads the one-time link off the page; in a fresh, signed-out browser
 * context the link opens the invitation, the invitee creates the account and lands in the project as a member.
 * Screenshots land in test-results/invitation-*.png.
 */

/** The instance administrator who makes the accounts. */
const ADMIN = { email: 'ines.invitations@example.com', password: 'an admin passphrase', displayName: 'Ines Admin' };
const OWNER = { email: 'olga@example.com', password: 'an owner passphrase', displayName: 'Olga Owner' };
const PROJECT = 'Invitation Station';
/** Someone who has an account already (made by the instance administrator). */
const SAM = { email: 'sam@example.com', password: 'sam has a passphrase', displayName: 'Sam Existing' };
const NEWBIE = {
  email: `newbie-${Date.now()}@example.com`,
  password: 'a brand new passphrase',
  displayName: 'Nell Newbie',
};

if (!HAVE_CHROMIUM && !CI) {
  process.stderr.write(`\n[e2e] skipping the invitations suite: no Chromium at ${CHROMIUM}\n\n`);
}

const shot = screenshots('invitation');

describe.skipIf(!HAVE_CHROMIUM && !CI)('invitations end to end', () => {
  let browser: Browser | undefined;
  let owner: Page;
  let invitee: Page | undefined;
  let base = '';
  let adminToken = '';
  let ownerToken = '';
  let projectId = '';
  let link = '';
  const pageErrors: string[] = [];

  function watch(page: Page): void {
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') process.stderr.write(`[browser] ${message.text()}\n`);
    });
  }

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
    mkdirSync(SHOTS, { recursive: true });
    // The server's public URL (and with it the invitation link) points at itself.
    ({ base, adminToken } = await sharedServer(ADMIN));

    // The owner is an ordinary account (not an instance administrator) that creates its own project.
    const created = await http('POST', `${base}/api/v1/admin/users`, { token: adminToken, body: OWNER });
    expect(created.status, created.body).toBe(201);
    expect(created.json<{ isAdmin: boolean }>().isAdmin).toBe(false);
    ownerToken = await login(base, OWNER.email, OWNER.password);
    const project = await http('POST', `${base}/api/v1/projects`, { token: ownerToken, body: { name: PROJECT } });
    expect(project.status, project.body).toBe(201);
    projectId = project.json<{ id: string }>().id;

    browser = await connectChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    owner = await context.newPage();
    watch(owner);
    await signIn(owner, base, OWNER);
  }, 180_000);

  let failures = 0;
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      if (owner !== undefined) await shot(owner, `failed-owner-${++failures}`, true).catch(() => undefined);
      if (invitee !== undefined) await shot(invitee, `failed-invitee-${failures}`, true).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lets a project owner invite an email from the members page and shows the one-time link', async () => {
    // Owners who are not instance administrators cannot add accounts directly: the API says so, the page hides it.
    const direct = await http('POST', `${base}/api/v1/projects/${projectId}/members`, {
      token: ownerToken,
      body: { email: NEWBIE.email, role: 'member' },
    });
    expect(direct.status, direct.body).toBe(403);

    await owner.goto(`${base}/projects/${projectId}/members`);
    await owner.getByRole('heading', { name: 'Members' }).waitFor();
    const form = owner.getByTestId('invite-form');
    await form.waitFor();
    expect(await owner.getByTestId('add-member-form').count()).toBe(0);
    // Nothing pending yet: the section is hidden.
    expect(await owner.getByTestId('pending-invitations').count()).toBe(0);

    await form.locator('input[name="email"]').fill(NEWBIE.email);
    await form.getByRole('button', { name: 'Create invitation link' }).click();
    const field = owner.getByTestId('invitation-link');
    await field.waitFor();
    link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}/invite\\?token=\\S{20,}$`));
    await owner.getByText('It works once').waitFor();
    await owner.getByTestId('copy-invitation-link').click();
    await owner.getByRole('button', { name: 'Copied' }).waitFor();

    const row = owner.locator(`[data-testid="invitation-row"][data-email="${NEWBIE.email}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('member');
    await shot(owner, 'link');
  }, 40_000);

  it('opens the link signed out, creates the account and lands in the project as a member', async () => {
    expect(link, 'the first test read the link').not.toBe('');
    // A fresh context: no cookies, so nobody is signed in.
    const context = await browser!.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    invitee = await context.newPage();
    watch(invitee);

    await invitee.goto(link);
    const details = invitee.getByTestId('invitation-details');
    await details.waitFor();
    expect(await details.textContent()).toContain(PROJECT);
    expect(await details.textContent()).toContain(NEWBIE.email);
    const form = invitee.getByTestId('accept-invitation-form');
    await form.locator('input[name="displayName"]').fill(NEWBIE.displayName);
    // The server's password policy answers as a field error beside the password.
    await form.locator('input[name="password"]').fill('too short');
    await form.locator('input[name="confirm"]').fill('too short');
    await form.getByRole('button', { name: 'Create account and join' }).click();
    await form.getByText('must be at least 12 characters').waitFor();

    await form.locator('input[name="password"]').fill(NEWBIE.password);
    await form.locator('input[name="confirm"]').fill(NEWBIE.password);
    await shot(invitee, 'accept');
    await form.getByRole('button', { name: 'Create account and join' }).click();
    await invitee.waitForURL(new RegExp(`/projects/${projectId}$`));
    await invitee.getByTestId('project-title').getByText(PROJECT).waitFor();

    // The membership is real: the owner sees the newcomer with the invited role, and the link is spent.
    const members = await http('GET', `${base}/api/v1/projects/${projectId}/members?limit=100`, {
      token: ownerToken,
    });
    expect(members.status, members.body).toBe(200);
    const newbie = members
      .json<{ items: Array<{ email: string; role: string; displayName: string }> }>()
      .items.find((member) => member.email === NEWBIE.email);
    expect(newbie).toMatchObject({ role: 'member', displayName: NEWBIE.displayName });
    const invitations = await http('GET', `${base}/api/v1/projects/${projectId}/invitations`, { token: ownerToken });
    expect(invitations.json<{ items: Array<{ email: string; status: string }> }>().items).toEqual([
      expect.objectContaining({ email: NEWBIE.email, status: 'accepted' }),
    ]);
    await login(base, NEWBIE.email, NEWBIE.password);

    // A second use of the link says plainly that it is no longer valid.
    await invitee.goto(link);
    await invitee.getByTestId('invitation-invalid').getByText('This invitation link is not valid').waitFor();

    // The owner's members page shows the new member and no pending invitation any more.
    await owner.reload();
    await owner.locator(`[data-testid="member-row"][data-email="${NEWBIE.email}"]`).waitFor();
    expect(await owner.getByTestId('pending-invitations').count()).toBe(0);
  }, 60_000);

  it('sends an existing account to sign in first, then back to the invitation to join', async () => {
    const created = await http('POST', `${base}/api/v1/admin/users`, { token: adminToken, body: SAM });
    expect(created.status, created.body).toBe(201);
    const invited = await http('POST', `${base}/api/v1/projects/${projectId}/invitations`, {
      token: ownerToken,
      body: { email: SAM.email, role: 'viewer' },
    });
    expect(invited.status, invited.body).toBe(201);
    const samLink = invited.json<{ acceptUrl: string }>().acceptUrl;
    const page = invitee!;

    // Still signed in as the newcomer: the page says the invitation is for someone else and offers to sign out.
    await page.goto(samLink);
    await page.getByTestId('wrong-account').getByText(SAM.email).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    // Signed out, creating the account fails: it exists, so the page sends Sam to sign in.
    const form = page.getByTestId('accept-invitation-form');
    await form.locator('input[name="displayName"]').fill(SAM.displayName);
    await form.locator('input[name="password"]').fill('whatever long enough');
    await form.locator('input[name="confirm"]').fill('whatever long enough');
    await form.getByRole('button', { name: 'Create account and join' }).click();
    await page.getByTestId('account-exists').getByText('An account with this email exists').waitFor();
    await page.getByTestId('invite-sign-in').click();
    await page.waitForURL(/\/login\?next=/);
    await page.locator('input[name="email"]').fill(SAM.email);
    await page.locator('input[name="password"]').fill(SAM.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Back on the invitation, signed in as its email: one click joins.
    await page.waitForURL((url) => url.pathname === '/invite');
    await page.getByRole('button', { name: `Join ${PROJECT} as viewer` }).click();
    await page.waitForURL(new RegExp(`/projects/${projectId}$`));
    await page.getByTestId('project-title').getByText(PROJECT).waitFor();
    const members = await http('GET', `${base}/api/v1/projects/${projectId}/members?limit=100`, {
      token: ownerToken,
    });
    expect(
      members.json<{ items: Array<{ email: string; role: string }> }>().items.find((m) => m.email === SAM.email)?.role,
    ).toBe('viewer');
    expect(pageErrors).toEqual([]);
  }, 40_000);
});
