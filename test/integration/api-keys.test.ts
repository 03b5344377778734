import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  addMember,
  bearer,
  buildTestApp,
  createProject,
  createUser,
  type TestApp,
  type TestUser,
} from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())('API keys on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let project: { id: string };
  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'keyowner' });
    project = await createProject(test, owner, 'Keys');
  });
  afterAll(() => test.close());

  const createKey = async (payload: object) =>
    test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/api-keys`,
      headers: bearer(owner.token),
      payload,
    });

  it('shows the secret once, stores only a hash, and works like a session within its project and role', async () => {
    const created = await createKey({ name: 'ci', role: 'member' });
    expect(created.statusCode).toBe(201);
    const key = created.json();
    expect(key.token).toMatch(/^cc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

    const listed = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/api-keys`,
        headers: bearer(owner.token),
      })
    ).json();
    expect(listed.items[0]).toMatchObject({ id: key.id, name: 'ci', role: 'member' });
    expect(JSON.stringify(listed)).not.toContain(key.token.slice(16));

    const me = await test.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(key.token) });
    expect(me.json()).toMatchObject({ kind: 'api_key', apiKey: { id: key.id, projectId: project.id, role: 'member' } });
    const projects = (
      await test.app.inject({ method: 'GET', url: '/api/v1/projects', headers: bearer(key.token) })
    ).json();
    expect(projects.items.map((row: { id: string }) => row.id)).toEqual([project.id]);
    // member role: may read members, may not manage keys (admin) or delete the project (owner).
    expect(
      (
        await test.app.inject({
          method: 'GET',
          url: `/api/v1/projects/${project.id}/members`,
          headers: bearer(key.token),
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await test.app.inject({
          method: 'GET',
          url: `/api/v1/projects/${project.id}/api-keys`,
          headers: bearer(key.token),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: '/api/v1/projects',
          headers: bearer(key.token),
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await test.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(key.token) })).statusCode,
    ).toBe(403);

    const withUse = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/api-keys`,
        headers: bearer(owner.token),
      })
    ).json();
    expect(withUse.items[0].lastUsedAt).not.toBeNull();
  });

  it('answers 401 for revoked, expired, and tampered keys', async () => {
    const key = (await createKey({ name: 'revoke-me', role: 'viewer' })).json();
    const tampered = `${key.token.slice(0, -2)}xx`;
    expect(
      (await test.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(tampered) })).statusCode,
    ).toBe(401);
    const revoked = await test.app.inject({
      method: 'DELETE',
      url: `/api/v1/projects/${project.id}/api-keys/${key.id}`,
      headers: bearer(owner.token),
    });
    expect(revoked.statusCode).toBe(204);
    const after = await test.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(key.token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().type).toMatch(/unauthorized$/);

    const expiresAt = new Date(Date.now() + 60_000);
    const expiring = (await createKey({ name: 'short', role: 'viewer', expiresAt: expiresAt.toISOString() })).json();
    expect(
      (await test.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(expiring.token) })).statusCode,
    ).toBe(200);
    // The clock, not a sleep, moves past the expiry (only Date is faked: timers and I/O run as usual).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(expiresAt.getTime() + 1000);
      expect(
        (await test.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(expiring.token) })).statusCode,
      ).toBe(401);
    } finally {
      vi.useRealTimers();
    }

    const past = await createKey({ name: 'past', role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(422);
  });

  it('cannot be created above the creator role or with the owner role, and is audited', async () => {
    const owners = await createKey({ name: 'too strong', role: 'owner' });
    expect(owners.statusCode).toBe(422);
    const admin = await createUser(test, { name: 'keyadmin' });
    await addMember(test, project.id, owner, admin, 'admin');
    const adminKey = (
      await test.app.inject({
        method: 'POST',
        url: `/api/v1/projects/${project.id}/api-keys`,
        headers: bearer(admin.token),
        payload: { name: 'admin key', role: 'admin' },
      })
    ).json();
    // An admin key can create keys up to admin, never more.
    const viaKey = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/api-keys`,
      headers: bearer(adminKey.token),
      payload: { name: 'child', role: 'viewer' },
    });
    expect(viaKey.statusCode).toBe(201);
    const audit = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/audit?action=api_key.created`,
        headers: bearer(owner.token),
      })
    ).json();
    const child = audit.items.find((entry: { data: { name: string } }) => entry.data.name === 'child');
    expect(child).toMatchObject({ actorApiKeyId: adminKey.id, actorUserId: admin.id });
  });
});
