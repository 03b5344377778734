import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as identity from '../../src/modules/identity/service.js';
import { onPasswordVerification } from '../../src/platform/crypto/passwords.js';
import { bearer, buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())('setup and sessions on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp(kind, {
      env: { LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '5', LOGIN_MAX_ATTEMPTS_PER_IP: '1000' },
    });
  });
  afterAll(() => test.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    test.app.inject({ method: 'POST', url, payload, headers });

  it('creates the instance admin once with the one-time setup token', async () => {
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ setupRequired: true });
    const token = (await identity.issueSetupToken(test.database.db))!;
    const body = { token, email: 'Root@Example.com', password: TEST_PASSWORD, displayName: 'Root' };

    const wrong = await post('/api/v1/setup', { ...body, token: 'not-the-token' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().type).toMatch(/invalid-setup-token$/);

    const created = await post('/api/v1/setup', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'Root@Example.com', isAdmin: true });

    const again = await post('/api/v1/setup', { ...body, email: 'other@example.com' });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toMatch(/setup-completed$/);
    expect(await identity.issueSetupToken(test.database.db)).toBeNull();
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ setupRequired: false });
  });

  it('signs in case-insensitively and answers a wrong email exactly like a wrong password', async () => {
    const user = await createUser(test, { name: 'casey' });
    const ok = await post('/api/v1/auth/login', { email: user.email.toUpperCase(), password: TEST_PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['set-cookie']).toMatch(/cc_refresh=.*HttpOnly.*SameSite=Strict/i);

    const wrongPassword = await post('/api/v1/auth/login', { email: user.email, password: 'not the password at all' });
    const wrongEmail = await post('/api/v1/auth/login', {
      email: 'nobody@example.com',
      password: 'not the password at all',
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongEmail.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrongEmail.json())).toEqual(strip(wrongPassword.json()));
  });

  it('limits sign-in attempts per account with 429 and Retry-After', async () => {
    const user = await createUser(test, { name: 'limited' });
    const statuses: number[] = [];
    let last = undefined as Awaited<ReturnType<typeof post>> | undefined;
    for (let attempt = 0; attempt < 7; attempt++) {
      last = await post('/api/v1/auth/login', { email: user.email, password: 'not the password at all' });
      statuses.push(last.statusCode);
    }
    // Five failures are allowed; createUser's successful sign-in did not count toward them.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.json().type).toMatch(/rate-limited$/);
  });

  it('rotates refresh tokens and revokes the family when a rotated token is reused', async () => {
    const user = await createUser(test, { name: 'rotator' });
    const first = (await post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD })).json();
    const second = await post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(second.statusCode).toBe(200);
    const third = await post('/api/v1/auth/refresh', { refreshToken: second.json().refreshToken });
    expect(third.statusCode).toBe(200);

    const reuse = await post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(reuse.statusCode).toBe(401);
    // The thief's reuse also ends the legitimate holder's latest token.
    expect((await post('/api/v1/auth/refresh', { refreshToken: third.json().refreshToken })).statusCode).toBe(401);
  });

  it('refreshes from the cookie and logs out', async () => {
    const user = await createUser(test, { name: 'browser' });
    const login = await post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const refreshed = await post('/api/v1/auth/refresh', {}, { cookie });
    expect(refreshed.statusCode).toBe(200);
    const newCookie = String(refreshed.headers['set-cookie']).split(';')[0]!;
    expect((await post('/api/v1/auth/logout', {}, { cookie: newCookie })).statusCode).toBe(204);
    expect((await post('/api/v1/auth/refresh', {}, { cookie: newCookie })).statusCode).toBe(401);
  });

  it('describes the caller and rejects forged or missing tokens', async () => {
    const user = await createUser(test, { name: 'me' });
    const me = await test.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(user.token) });
    expect(me.json()).toMatchObject({ kind: 'user', user: { id: user.id, email: user.email }, apiKey: null });
    const forged = `${user.token.slice(0, -4)}AAAA`;
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(forged) })).statusCode).toBe(
      401,
    );
    const missing = await test.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('ends every session of a user an admin disables', async () => {
    const admin = await createUser(test, { admin: true, name: 'admin' });
    const user = await createUser(test, { name: 'leaver' });
    const session = (await post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD })).json();
    const disabled = await test.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${user.id}`,
      headers: bearer(admin.token),
      payload: { disabled: true },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(401);
  });
});

describe('sign-in limits per IP and timing', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp('embedded', {
      env: { LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '1000', LOGIN_MAX_ATTEMPTS_PER_IP: '4' },
    });
  });
  afterAll(() => test.close());

  const attempt = (email: string, ip: string) =>
    test.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: ip,
      payload: { email, password: 'not the password at all' },
    });

  it('limits attempts per IP across different accounts, and only for that IP', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++)
      statuses.push((await attempt(`someone-${index}@example.com`, '203.0.113.7')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    expect((await attempt('someone-else@example.com', '203.0.113.8')).statusCode).toBe(401);
  });

  it('spends the same Argon2 work on an unknown email as on a wrong password', async () => {
    const user = await createUser(test, { name: 'timed' });
    // One verification each, at the same cost parameters: without the decoy an unknown email would run none and
    // answer 20-50 times faster. (Counted, not timed: bench/ is the place for durations.)
    const costs = async (email: string, ip: string) => {
      const parameters: string[] = [];
      const stop = onPasswordVerification((each) => parameters.push(each));
      try {
        expect((await attempt(email, ip)).statusCode).toBe(401);
      } finally {
        stop();
      }
      return parameters;
    };
    const counted = async () =>
      Number(
        /^cc_password_verifications_total (\d+)$/m.exec(
          (await test.app.inject({ method: 'GET', url: '/metrics' })).body,
        )?.[1],
      );
    const before = await counted();
    const known = await costs(user.email, '198.51.100.1');
    expect(known).toEqual([expect.stringMatching(/^argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/)]);
    expect(await costs('nobody@example.com', '198.51.100.2')).toEqual(known);
    // Operators see that work too: both verifications are counted.
    expect(await counted()).toBe(before + 2);
  });
});
