import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKey } from '../../src/platform/crypto/tokens.js';
import {
  addMember,
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
import { openStream } from '../helpers/sse.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Credentials keep no power once the grant behind them is withdrawn: a demoted or disabled administrator, a key
 * whose creator left, a revoked key with an open stream. Each case is the attack as a client would send it.
 */
describe.each(databaseKinds())('credentials whose grant was withdrawn, on %s', (kind) => {
  let test: TestApp;
  let baseUrl: string;
  let root: TestUser;

  const call = (method: string, url: string, token: string | undefined, payload?: object) =>
    test.app.inject({
      method: method as 'GET',
      url,
      headers: token === undefined ? {} : bearer(token),
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    test = await buildTestApp(kind, { env: { CC_SSE_HEARTBEAT_SECONDS: '1', LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '3' } });
    baseUrl = await test.app.listen({ port: 0, host: '127.0.0.1' });
    root = await createUser(test, { name: 'root', admin: true });
  });
  afterAll(() => test.close());

  describe('instance administrators', () => {
    it('a demoted and disabled admin cannot restore himself or create a backdoor account with his old token', async () => {
      const fallen = await createUser(test, { name: 'fallen', admin: true });
      const demoted = await call('PATCH', `/api/v1/admin/users/${fallen.id}`, root.token, {
        isAdmin: false,
        disabled: true,
      });
      expect(demoted.statusCode).toBe(200);

      const restore = await call('PATCH', `/api/v1/admin/users/${fallen.id}`, fallen.token, {
        disabled: false,
        isAdmin: true,
      });
      expect(restore.statusCode, restore.body).toBe(401);
      const backdoor = await call('POST', '/api/v1/admin/users', fallen.token, {
        email: `backdoor-${Date.now()}@example.com`,
        password: TEST_PASSWORD,
        displayName: 'Backdoor',
        isAdmin: true,
      });
      expect(backdoor.statusCode).toBe(401);
      // Every other route refuses the disabled account's token too, not only the project ones.
      for (const [method, url] of [
        ['GET', '/api/v1/auth/me'],
        ['GET', '/api/v1/projects'],
        ['POST', '/api/v1/projects'],
      ] as const) {
        const response = await call(method, url, fallen.token, method === 'POST' ? { name: 'Nope' } : undefined);
        expect(response.statusCode, `${method} ${url}`).toBe(401);
      }
      const users = (await call('GET', '/api/v1/admin/users?limit=200', root.token)).json().items;
      expect(users.find((user: { id: string }) => user.id === fallen.id)).toMatchObject({
        isAdmin: false,
        disabled: true,
      });
      expect(users.some((user: { email: string }) => user.email.startsWith('backdoor-'))).toBe(false);
    });

    it('a demoted (still enabled) admin loses the admin routes at once', async () => {
      const former = await createUser(test, { name: 'former', admin: true });
      expect((await call('PATCH', `/api/v1/admin/users/${former.id}`, root.token, { isAdmin: false })).statusCode).toBe(
        200,
      );
      const listing = await call('GET', '/api/v1/admin/users', former.token);
      expect(listing.statusCode).toBe(403);
      const promote = await call('PATCH', `/api/v1/admin/users/${former.id}`, former.token, { isAdmin: true });
      expect(promote.statusCode).toBe(403);
      // Still a user: their own account answers.
      expect((await call('GET', '/api/v1/auth/me', former.token)).json().user).toMatchObject({ isAdmin: false });
    });

    it('nobody changes their own administrator flag or disabled state', async () => {
      for (const change of [{ isAdmin: false }, { disabled: true }, { isAdmin: true }, { disabled: false }]) {
        const response = await call('PATCH', `/api/v1/admin/users/${root.id}`, root.token, change);
        expect(response.statusCode, JSON.stringify(change)).toBe(403);
      }
      expect(
        (await call('PATCH', `/api/v1/admin/users/${root.id}`, root.token, { displayName: 'Root' })).statusCode,
      ).toBe(200);
    });

    it('two admins demoting each other at once leave one administrator', async () => {
      const left = await createUser(test, { name: 'duel-left', admin: true });
      const right = await createUser(test, { name: 'duel-right', admin: true });
      // Everybody else steps down first, so these two are the last ones.
      const others = (await call('GET', '/api/v1/admin/users?limit=200', left.token)).json().items as Array<{
        id: string;
        isAdmin: boolean;
        disabled: boolean;
      }>;
      for (const other of others.filter((user) => user.isAdmin && !user.disabled)) {
        if (other.id === left.id || other.id === right.id) continue;
        expect(
          (await call('PATCH', `/api/v1/admin/users/${other.id}`, left.token, { isAdmin: false })).statusCode,
        ).toBe(200);
      }
      const answers = await Promise.all([
        call('PATCH', `/api/v1/admin/users/${right.id}`, left.token, { isAdmin: false }),
        call('PATCH', `/api/v1/admin/users/${left.id}`, right.token, { isAdmin: false }),
      ]);
      const statuses = answers.map((answer) => answer.statusCode).sort();
      expect(statuses[0]).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      const refused = answers.find((answer) => answer.statusCode !== 200)!;
      if (refused.statusCode === 409) expect(refused.json().type).toMatch(/\/last-admin$/);
      const survivor = answers[0]!.statusCode === 200 ? left : right;
      const users = (await call('GET', '/api/v1/admin/users?limit=200', survivor.token)).json().items as Array<{
        isAdmin: boolean;
        disabled: boolean;
      }>;
      expect(users.filter((user) => user.isAdmin && !user.disabled)).toHaveLength(1);
      // The last one cannot be disabled or demoted by anyone: there is nobody else left to do it, and not himself.
      expect(
        (await call('PATCH', `/api/v1/admin/users/${survivor.id}`, survivor.token, { disabled: true })).statusCode,
      ).toBe(403);
      // Hand the instance back to root for the other tests.
      expect(
        (await call('PATCH', `/api/v1/admin/users/${root.id}`, survivor.token, { isAdmin: true })).statusCode,
      ).toBe(200);
    });
  });

  describe('API keys follow their creator', () => {
    async function projectWithKeyOf(role: 'admin' | 'member') {
      const owner = await createUser(test, { name: 'key-owner' });
      const creator = await createUser(test, { name: 'key-creator' });
      const project = await createProject(test, owner, 'Keys');
      await addMember(test, project.id, owner, creator, 'admin');
      const key = await createApiKey(test, project.id, creator.token, role);
      return { owner, creator, project, key };
    }
    const keysOf = async (projectId: string, owner: TestUser) =>
      (await call('GET', `/api/v1/projects/${projectId}/api-keys?includeRevoked=true`, owner.token)).json()
        .items as Array<Record<string, unknown>>;

    it('removing the creator suspends the key: it neither reads nor adds an admin, and the list and audit say why', async () => {
      const { owner, creator, project, key } = await projectWithKeyOf('admin');
      const members = `/api/v1/projects/${project.id}/members`;
      expect((await call('GET', members, key.token)).statusCode).toBe(200);
      expect((await call('DELETE', `${members}/${creator.id}`, owner.token)).statusCode).toBe(204);

      const list = await call('GET', members, key.token);
      expect(list.statusCode).toBe(401);
      expect(list.json().detail).toMatch(/suspended/);
      const accomplice = await createUser(test, { name: 'accomplice' });
      expect((await call('POST', members, key.token, { email: accomplice.email, role: 'admin' })).statusCode).toBe(401);

      expect((await keysOf(project.id, owner)).find((row) => row.id === key.id)).toMatchObject({
        status: 'suspended',
        suspendedReason: 'creator_removed',
        effectiveRole: null,
      });
      // A suspended key is not live: the default list leaves it out.
      const live = (await call('GET', `/api/v1/projects/${project.id}/api-keys`, owner.token)).json().items;
      expect(live.map((row: { id: string }) => row.id)).not.toContain(key.id);
      const audit = (
        await call('GET', `/api/v1/projects/${project.id}/audit?action=api_key.suspended`, owner.token)
      ).json().items;
      expect(audit).toEqual([
        expect.objectContaining({ targetId: key.id, data: expect.objectContaining({ reason: 'creator_removed' }) }),
      ]);
      // Coming back does not revive it (ADR 0035): the secret was in the hands of someone who lost access.
      await addMember(test, project.id, owner, creator, 'admin');
      expect((await call('GET', members, key.token)).statusCode).toBe(401);
    });

    it('disabling the creator suspends the key in every project', async () => {
      const { owner, creator, project, key } = await projectWithKeyOf('member');
      expect(
        (await call('PATCH', `/api/v1/admin/users/${creator.id}`, root.token, { disabled: true })).statusCode,
      ).toBe(200);
      expect((await call('GET', `/api/v1/projects/${project.id}`, key.token)).statusCode).toBe(401);
      expect((await keysOf(project.id, owner)).find((row) => row.id === key.id)).toMatchObject({
        status: 'suspended',
        suspendedReason: 'creator_disabled',
      });
      // Re-enabling the account does not revive the key either.
      expect(
        (await call('PATCH', `/api/v1/admin/users/${creator.id}`, root.token, { disabled: false })).statusCode,
      ).toBe(200);
      expect((await call('GET', `/api/v1/projects/${project.id}`, key.token)).statusCode).toBe(401);
    });

    it("a demoted creator's admin key acts with the creator's new role", async () => {
      const { owner, creator, project, key } = await projectWithKeyOf('admin');
      const members = `/api/v1/projects/${project.id}/members`;
      expect((await call('PATCH', `${members}/${creator.id}`, owner.token, { role: 'viewer' })).statusCode).toBe(200);
      expect((await call('GET', members, key.token)).statusCode).toBe(200);
      const newcomer = await createUser(test, { name: 'newcomer' });
      const add = await call('POST', members, key.token, { email: newcomer.email, role: 'admin' });
      expect(add.statusCode).toBe(403);
      expect((await call('GET', '/api/v1/auth/me', key.token)).json().apiKey).toMatchObject({ role: 'viewer' });
      expect((await keysOf(project.id, owner)).find((row) => row.id === key.id)).toMatchObject({
        status: 'active',
        role: 'admin',
        effectiveRole: 'viewer',
      });
      // Promoted again, the key has its own role back: the cap is read on every use.
      expect((await call('PATCH', `${members}/${creator.id}`, owner.token, { role: 'admin' })).statusCode).toBe(200);
      expect((await call('GET', '/api/v1/auth/me', key.token)).json().apiKey).toMatchObject({ role: 'admin' });
    });
  });

  describe('live streams', () => {
    it('a revoked key’s open stream ends at once and delivers nothing committed after the revocation', async () => {
      const owner = await createUser(test, { name: 'stream-owner' });
      const project = await createProject(test, owner, 'Streams');
      const key = await createApiKey(test, project.id, owner.token, 'viewer');
      const stream = await openStream(baseUrl, `/api/v1/projects/${project.id}/events/stream`, key.token);
      const technologies = `/api/v1/projects/${project.id}/technologies`;
      expect((await call('POST', technologies, owner.token, { title: 'Before' })).statusCode).toBe(201);
      await waitFor(async () => (stream.events.length >= 1 ? true : undefined), 10_000, 'the first event');

      expect((await call('DELETE', `/api/v1/projects/${project.id}/api-keys/${key.id}`, owner.token)).statusCode).toBe(
        204,
      );
      for (const title of ['After 1', 'After 2', 'After 3']) {
        expect((await call('POST', technologies, owner.token, { title })).statusCode).toBe(201);
      }
      await waitFor(async () => (stream.closed ? true : undefined), 10_000, 'the stream to end');
      expect(stream.end).toEqual({ reason: 'access-withdrawn', reconnect: false });
      const titles = stream.events.map((event) => (event.data as { title?: string }).title).filter(Boolean);
      expect(titles).toEqual(['Before']);
    });

    it("ends a disabled user's stream, and a removed member's, at the next check", async () => {
      const owner = await createUser(test, { name: 'stream-owner-2' });
      const project = await createProject(test, owner, 'Streams 2');
      const disabled = await createUser(test, { name: 'stream-disabled' });
      const removed = await createUser(test, { name: 'stream-removed' });
      await addMember(test, project.id, owner, disabled, 'viewer');
      await addMember(test, project.id, owner, removed, 'viewer');
      const path = `/api/v1/projects/${project.id}/events/stream`;
      const [ofDisabled, ofRemoved] = await Promise.all([
        openStream(baseUrl, path, disabled.token),
        openStream(baseUrl, path, removed.token),
      ]);
      await call('PATCH', `/api/v1/admin/users/${disabled.id}`, root.token, { disabled: true });
      await call('DELETE', `/api/v1/projects/${project.id}/members/${removed.id}`, owner.token);
      await waitFor(async () => (ofDisabled.closed && ofRemoved.closed ? true : undefined), 10_000, 'both to end');
      expect(ofDisabled.end?.reason).toBe('access-withdrawn');
      expect(ofRemoved.end?.reason).toBe('access-withdrawn');
    });

    it('ends a stream when its access token expires, telling the client to refresh and reconnect', async () => {
      const owner = await createUser(test, { name: 'stream-expiring' });
      const project = await createProject(test, owner, 'Streams 3');
      const key = await crypto.subtle.importKey(
        'raw',
        deriveKey(test.config.secretKey, 'access-token'),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      const shortLived = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(owner.id)
        .setIssuer('commandcenter')
        .setAudience('commandcenter-api')
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
        .sign(key);
      const stream = await openStream(baseUrl, `/api/v1/projects/${project.id}/events/stream`, shortLived);
      await waitFor(async () => (stream.closed ? true : undefined), 15_000, 'the stream to end');
      expect(stream.end).toEqual({ reason: 'credential-expired', reconnect: true });
    });

    it('refuses a resume point beyond any sequence before answering 200', async () => {
      const owner = await createUser(test, { name: 'stream-after' });
      const project = await createProject(test, owner, 'Streams 4');
      const response = await call(
        'GET',
        `/api/v1/projects/${project.id}/events/stream?after=99999999999999999999`,
        owner.token,
      );
      expect(response.statusCode).toBe(422);
      expect(response.json().errors[0].pointer).toBe('/query/after');
      const header = await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/events/stream`,
        headers: { ...bearer(owner.token), 'last-event-id': '99999999999999999999' },
      });
      expect(header.statusCode).toBe(400);
    });
  });

  describe('tokens and sign-in', () => {
    async function signed(claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT) {
      const key = await crypto.subtle.importKey(
        'raw',
        deriveKey(test.config.secretKey, 'access-token'),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      return build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(root.id)).sign(key);
    }

    it('refuses a correctly signed token that lacks exp, iat, iss or aud', async () => {
      const complete = (jwt: SignJWT) =>
        jwt.setIssuer('commandcenter').setAudience('commandcenter-api').setIssuedAt().setExpirationTime('5m');
      expect((await call('GET', '/api/v1/auth/me', await signed({}, complete))).statusCode).toBe(200);
      const partial: Record<string, (jwt: SignJWT) => SignJWT> = {
        'no exp': (jwt) => jwt.setIssuer('commandcenter').setAudience('commandcenter-api').setIssuedAt(),
        'no iat': (jwt) => jwt.setIssuer('commandcenter').setAudience('commandcenter-api').setExpirationTime('5m'),
        'no iss': (jwt) => jwt.setAudience('commandcenter-api').setIssuedAt().setExpirationTime('5m'),
        'no aud': (jwt) => jwt.setIssuer('commandcenter').setIssuedAt().setExpirationTime('5m'),
        'other aud': (jwt) =>
          jwt.setIssuer('commandcenter').setAudience('elsewhere').setIssuedAt().setExpirationTime('5m'),
      };
      for (const [label, build] of Object.entries(partial)) {
        const response = await call('GET', '/api/v1/auth/me', await signed({}, build));
        expect(response.statusCode, label).toBe(401);
      }
      // An admin claim in the token means nothing: rights come from the database.
      const claimsAdmin = await signed({ adm: true }, complete);
      const plain = await createUser(test, { name: 'plain' });
      const forged = await signed({ adm: true }, (jwt) => complete(jwt).setSubject(plain.id));
      expect((await call('GET', '/api/v1/admin/users', forged)).statusCode).toBe(403);
      expect((await call('GET', '/api/v1/admin/users', claimsAdmin)).statusCode).toBe(200);
    });

    it('sends sign-in and refresh answers with Cache-Control: no-store', async () => {
      const user = await createUser(test, { name: 'no-store' });
      const login = await call('POST', '/api/v1/auth/login', undefined, { email: user.email, password: TEST_PASSWORD });
      expect(login.statusCode).toBe(200);
      expect(login.headers['cache-control']).toBe('no-store');
      const refresh = await call('POST', '/api/v1/auth/refresh', undefined, {
        refreshToken: login.json().refreshToken,
      });
      expect(refresh.statusCode).toBe(200);
      expect(refresh.headers['cache-control']).toBe('no-store');
    });

    it('counts failures only, and ten wrong passwords from elsewhere do not lock the owner out', async () => {
      const victim = await createUser(test, { name: 'victim' });
      const from = (ip: string, password: string) =>
        test.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: ip,
          payload: { email: victim.email, password },
        });
      // Successes never add up (the limit here is 3 failures per account).
      for (let attempt = 0; attempt < 6; attempt++) {
        expect((await from('10.0.0.1', TEST_PASSWORD)).statusCode, `success ${attempt + 1}`).toBe(200);
      }
      // An attacker fails until the account is locked for his address...
      const failures = [];
      for (let attempt = 0; attempt < 5; attempt++)
        failures.push((await from('10.6.6.6', 'wrong password!')).statusCode);
      expect(failures.slice(0, 3)).toEqual([401, 401, 401]);
      const locked = await from('10.6.6.6', TEST_PASSWORD);
      expect(locked.statusCode).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(locked.json().detail).toMatch(/try again in \d+ (minutes|seconds) \(after \d\d:\d\d UTC\)/);
      // ...but the owner, from an address that has not been failing, still signs in with the right password.
      expect((await from('10.0.0.1', TEST_PASSWORD)).statusCode).toBe(200);
      // A wrong guess from a fresh address is refused as wrong, and then that address is failing too.
      expect((await from('10.7.7.7', 'wrong again!!')).statusCode).toBe(401);
      expect((await from('10.7.7.7', TEST_PASSWORD)).statusCode).toBe(429);
    });
  });

  describe('projects', () => {
    it("answers 409 slug-taken when a project's slug is changed to another project's", async () => {
      const owner = await createUser(test, { name: 'slugs' });
      const first = await createProject(test, owner, 'First');
      const second = await createProject(test, owner, 'Second');
      const response = await call('PATCH', `/api/v1/projects/${second.id}`, owner.token, { slug: first.slug });
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().type).toMatch(/\/slug-taken$/);
      // Another owner's project, which this owner cannot even see, holds its slug just the same.
      const stranger = await createUser(test, { name: 'stranger' });
      const theirs = await createProject(test, stranger, 'Theirs');
      const taken = await call('PATCH', `/api/v1/projects/${second.id}`, owner.token, { slug: theirs.slug });
      expect(taken.statusCode).toBe(409);
      expect((await call('GET', `/api/v1/projects/${second.id}`, owner.token)).json().slug).toBe(second.slug);
    });
  });

  // Last: it ends this app's streams for good.
  describe('shutdown', () => {
    it('turns readiness to 503 "draining" at once and tells open streams to reconnect elsewhere', async () => {
      const owner = await createUser(test, { name: 'stream-shutdown' });
      const project = await createProject(test, owner, 'Streams 5');
      const path = `/api/v1/projects/${project.id}/events/stream`;
      const stream = await openStream(baseUrl, path, owner.token);
      expect((await call('GET', '/health/ready', undefined)).statusCode).toBe(200);
      expect(test.beginShutdown()).toBeGreaterThanOrEqual(1);
      const ready = await call('GET', '/health/ready', undefined);
      expect(ready.statusCode).toBe(503);
      expect(ready.json().status).toBe('draining');
      await waitFor(async () => (stream.closed ? true : undefined), 10_000, 'the stream to end');
      expect(stream.end).toEqual({ reason: 'shutdown', reconnect: true });
      // A stream opened now ends at once the same way, instead of holding the draining process open.
      const late = await openStream(baseUrl, path, owner.token);
      await waitFor(async () => (late.closed ? true : undefined), 10_000, 'the late stream to end');
      expect(late.end?.reason).toBe('shutdown');
    });
  });
});
