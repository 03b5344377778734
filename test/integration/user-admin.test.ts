import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  bearer,
  buildTestApp,
  createProject,
  createUser,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createApiKey } from '../helpers/route-matrix.js';

/**
 * User administration by instance administrators: one-time password reset links. An admin creates a link for an
 * account and passes it on; whoever opens it sets a new password once, before it expires; the account's sessions end;
 * both steps are in the instance audit log.
 */
describe.each(databaseKinds())('password reset links on %s', (kind) => {
  let test: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    test = await buildTestApp(kind, { env: { CC_PUBLIC_URL: 'https://cc.example.com' } });
    admin = await createUser(test, { admin: true, name: 'root' });
  });
  afterAll(() => test.close());

  const post = (url: string, payload: object, token?: string) =>
    test.app.inject({ method: 'POST', url, payload, headers: token === undefined ? {} : bearer(token) });
  const createLink = (userId: string, token = admin.token, payload: object = {}) =>
    post(`/api/v1/admin/users/${userId}/password-reset`, payload, token);
  const tokenOf = (resetUrl: string) => new URL(resetUrl).searchParams.get('token')!;
  const signIn = (email: string, password: string) => post('/api/v1/auth/login', { email, password });

  it('lets an admin create a one-time link with which the user sets a new password and old sessions end', async () => {
    const user = await createUser(test, { name: 'forgetful' });
    const session = (await signIn(user.email, TEST_PASSWORD)).json();

    const created = await createLink(user.id);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const link = created.json();
    expect(link).toMatchObject({ userId: user.id, email: user.email });
    expect(link.resetUrl).toMatch(/^https:\/\/cc\.example\.com\/reset-password\?token=\S{40,}$/);
    const hours = (Date.parse(link.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
    // Creating the link alone changes nothing: the old password still works until the new one is set.
    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(200);

    const token = tokenOf(link.resetUrl);
    const preview = await post('/api/v1/password-reset/preview', { token });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({ email: user.email, displayName: 'forgetful', expiresAt: link.expiresAt });

    const done = await post('/api/v1/password-reset', { token, password: 'a brand new passphrase' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ email: user.email });

    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(user.email, 'a brand new passphrase')).statusCode).toBe(200);
    expect((await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);

    // Single use: the same link is refused, in preview and use alike.
    for (const url of ['/api/v1/password-reset/preview', '/api/v1/password-reset']) {
      const again = await post(url, { token, password: 'yet another passphrase' });
      expect(again.statusCode, url).toBe(404);
      expect(again.json().type).toMatch(/password-reset-invalid$/);
    }
    expect((await signIn(user.email, 'a brand new passphrase')).statusCode).toBe(200);

    const audit = await test.app.inject({
      method: 'GET',
      url: `/api/v1/admin/audit?action=user.updated&limit=100`,
      headers: bearer(admin.token),
    });
    const entries = audit
      .json()
      .items.filter((entry: { targetId: string }) => entry.targetId === user.id)
      .map((entry: { actorUserId: string; data: { passwordReset?: string } }) => [
        entry.actorUserId,
        entry.data.passwordReset,
      ]);
    expect(entries).toEqual([
      [user.id, 'completed'],
      [admin.id, 'link_created'],
    ]);
  });

  it('refuses a link that expired, was tampered with, or was overtaken by another password change', async () => {
    const user = await createUser(test, { name: 'late' });
    const short = await createLink(user.id, admin.token, { expiresInHours: 1 });
    expect(short.statusCode, short.body).toBe(201);
    const token = tokenOf(short.json().resetUrl);

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61 * 60_000 });
    try {
      const expired = await post('/api/v1/password-reset', { token, password: 'a brand new passphrase' });
      expect(expired.statusCode).toBe(404);
      expect(expired.json().type).toMatch(/password-reset-invalid$/);
    } finally {
      vi.useRealTimers();
    }

    const tampered = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect((await post('/api/v1/password-reset/preview', { token: tampered })).statusCode).toBe(404);
    expect((await post('/api/v1/password-reset/preview', { token: 'not a token' })).statusCode).toBe(404);

    // The admin set a temporary password meanwhile: the earlier link stops working.
    const fresh = tokenOf((await createLink(user.id)).json().resetUrl);
    const patched = await test.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${user.id}`,
      headers: bearer(admin.token),
      payload: { password: 'a temporary passphrase' },
    });
    expect(patched.statusCode).toBe(200);
    expect(
      (await post('/api/v1/password-reset', { token: fresh, password: 'a brand new passphrase' })).statusCode,
    ).toBe(404);
    expect((await signIn(user.email, 'a temporary passphrase')).statusCode).toBe(200);
  });

  it('refuses a disabled account, a short password (as a field error) and an unknown user', async () => {
    const user = await createUser(test, { name: 'disabled' });
    const token = tokenOf((await createLink(user.id)).json().resetUrl);

    const short = await post('/api/v1/password-reset', { token, password: 'too short' });
    expect(short.statusCode).toBe(422);
    expect(JSON.stringify(short.json())).toContain('/body/password');

    const disabled = await test.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${user.id}`,
      headers: bearer(admin.token),
      payload: { disabled: true },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await post('/api/v1/password-reset', { token, password: 'a brand new passphrase' })).statusCode).toBe(404);
    const refused = await createLink(user.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toMatch(/user-disabled$/);

    expect((await createLink('00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });

  it('lets only instance administrators create links', async () => {
    const user = await createUser(test, { name: 'target' });
    const owner = await createUser(test, { name: 'projectowner' });
    const project = await createProject(test, owner, 'Resets');
    const key = await createApiKey(test, project.id, owner.token, 'admin');

    expect((await createLink(user.id, owner.token)).statusCode).toBe(403);
    expect((await createLink(user.id, key.token)).statusCode).toBe(403);
    expect((await post(`/api/v1/admin/users/${user.id}/password-reset`, {})).statusCode).toBe(401);
  });
});
