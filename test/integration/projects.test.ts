import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe.each(databaseKinds())('projects and memberships on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'owner' });
  });
  afterAll(() => test.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, user: TestUser, payload?: object) =>
    test.app.inject({ method, url, headers: bearer(user.token), ...(payload === undefined ? {} : { payload }) });

  it('makes the creator owner, derives a slug, and refuses a taken slug case-insensitively', async () => {
    const created = await call('POST', '/api/v1/projects', owner, { name: 'Rádar Team!' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'radar-team', role: 'owner' });
    const clash = await call('POST', '/api/v1/projects', owner, { name: 'Other', slug: 'radar-team' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().type).toMatch(/slug-taken$/);
  });

  it('lists only my projects, with cursor pagination and search', async () => {
    const mine = await createUser(test, { name: 'lister' });
    for (const name of ['Alpha', 'Beta', 'Gamma']) await createProject(test, mine, name);
    await createProject(test, owner, 'Not Mine');
    const first = (await call('GET', '/api/v1/projects?limit=2', mine)).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = (await call('GET', `/api/v1/projects?limit=2&cursor=${first.nextCursor}`, mine)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const names = [...first.items, ...second.items].map((project: { name: string }) => project.name);
    expect(names).toEqual(['Alpha', 'Beta', 'Gamma']);
    const searched = (await call('GET', '/api/v1/projects?q=gam', mine)).json();
    expect(searched.items.map((project: { name: string }) => project.name)).toEqual(['Gamma']);
    const badCursor = await call('GET', '/api/v1/projects?cursor=bm9wZQ', mine);
    expect(badCursor.statusCode).toBe(400);
  });

  it('adds members by email, changes roles, and protects the last owner', async () => {
    const project = await createProject(test, owner, 'Members');
    const member = await createUser(test, { name: 'member' });
    const added = await call('POST', `/api/v1/projects/${project.id}/members`, owner, {
      email: member.email.toUpperCase(),
      role: 'member',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ userId: member.id, role: 'member' });
    const duplicate = await call('POST', `/api/v1/projects/${project.id}/members`, owner, {
      email: member.email,
      role: 'viewer',
    });
    expect(duplicate.statusCode).toBe(409);
    const unknown = await call('POST', `/api/v1/projects/${project.id}/members`, owner, {
      email: 'ghost@example.com',
      role: 'viewer',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].pointer).toBe('/body/email');

    const demoteLastOwner = await call('PATCH', `/api/v1/projects/${project.id}/members/${owner.id}`, owner, {
      role: 'admin',
    });
    expect(demoteLastOwner.statusCode).toBe(409);
    expect(demoteLastOwner.json().type).toMatch(/last-owner$/);
    const leaveAsLastOwner = await call('DELETE', `/api/v1/projects/${project.id}/members/${owner.id}`, owner);
    expect(leaveAsLastOwner.statusCode).toBe(409);

    expect(
      (await call('PATCH', `/api/v1/projects/${project.id}/members/${member.id}`, owner, { role: 'owner' })).statusCode,
    ).toBe(200);
    // With two owners, the original one may step down.
    const demoted = await call('PATCH', `/api/v1/projects/${project.id}/members/${owner.id}`, member, {
      role: 'admin',
    });
    expect(demoted.statusCode).toBe(200);
    const members = (await call('GET', `/api/v1/projects/${project.id}/members`, member)).json().items;
    expect(members.map((row: { role: string }) => row.role).sort()).toEqual(['admin', 'owner']);
  });

  it('lets admins manage members but only owners grant ownership; anyone may leave', async () => {
    const project = await createProject(test, owner, 'Roles');
    const admin = await createUser(test, { name: 'admin' });
    const viewer = await createUser(test, { name: 'viewer' });
    await addMember(test, project.id, owner, admin, 'admin');
    await addMember(test, project.id, owner, viewer, 'viewer');
    expect(
      (await call('PATCH', `/api/v1/projects/${project.id}/members/${viewer.id}`, admin, { role: 'owner' })).statusCode,
    ).toBe(403);
    expect(
      (await call('PATCH', `/api/v1/projects/${project.id}/members/${viewer.id}`, admin, { role: 'member' }))
        .statusCode,
    ).toBe(200);
    expect((await call('DELETE', `/api/v1/projects/${project.id}/members/${owner.id}`, admin)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/v1/projects/${project.id}/members/${viewer.id}`, viewer)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/projects/${project.id}`, viewer)).statusCode).toBe(404);
  });

  it('updates and deletes a project; a deleted project is gone for everyone', async () => {
    const project = await createProject(test, owner, 'Doomed');
    const admin = await createUser(test, { name: 'admin2' });
    await addMember(test, project.id, owner, admin, 'admin');
    const renamed = await call('PATCH', `/api/v1/projects/${project.id}`, admin, {
      name: 'Renamed',
      description: 'new',
    });
    expect(renamed.json()).toMatchObject({ name: 'Renamed', description: 'new', role: 'admin' });
    expect((await call('DELETE', `/api/v1/projects/${project.id}`, admin)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/v1/projects/${project.id}`, owner)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/projects/${project.id}`, owner)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/projects/${project.id}`, admin)).statusCode).toBe(404);
  });

  it('records membership changes in the project audit log, readable by admins only', async () => {
    const project = await createProject(test, owner, 'Audited');
    const member = await createUser(test, { name: 'audited' });
    await addMember(test, project.id, owner, member, 'member');
    await call('PATCH', `/api/v1/projects/${project.id}/members/${member.id}`, owner, { role: 'viewer' });
    const audit = await call('GET', `/api/v1/projects/${project.id}/audit`, owner);
    expect(audit.statusCode).toBe(200);
    const actions = audit.json().items.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(['member.role_changed', 'member.added', 'project.created']);
    expect(audit.json().items[0]).toMatchObject({
      actorUserId: owner.id,
      targetId: member.id,
      data: { from: 'member', to: 'viewer' },
    });
    const filtered = await call('GET', `/api/v1/projects/${project.id}/audit?action=member.added`, owner);
    expect(filtered.json().items).toHaveLength(1);
    expect((await call('GET', `/api/v1/projects/${project.id}/audit`, member)).statusCode).toBe(403);
  });
});
