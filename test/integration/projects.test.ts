import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('adds members by email (instance administrators only), changes roles, and protects the last owner', async () => {
    const root = await createUser(test, { name: 'root', admin: true });
    const project = await createProject(test, root, 'Members');
    const member = await createUser(test, { name: 'member' });
    // A project owner who is not an instance administrator invites instead: a direct add would say who has an account.
    const plain = await createProject(test, owner, 'Plain');
    const refused = await call('POST', `/api/v1/projects/${plain.id}/members`, owner, {
      email: member.email,
      role: 'member',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/invitations/);
    const added = await call('POST', `/api/v1/projects/${project.id}/members`, root, {
      email: member.email.toUpperCase(),
      role: 'member',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ userId: member.id, role: 'member' });
    const duplicate = await call('POST', `/api/v1/projects/${project.id}/members`, root, {
      email: member.email,
      role: 'viewer',
    });
    expect(duplicate.statusCode).toBe(409);
    const unknown = await call('POST', `/api/v1/projects/${project.id}/members`, root, {
      email: 'ghost@example.com',
      role: 'viewer',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].pointer).toBe('/body/email');
    const demoteLastOwner = await call('PATCH', `/api/v1/projects/${project.id}/members/${root.id}`, root, {
      role: 'admin',
    });
    expect(demoteLastOwner.statusCode).toBe(409);
    expect(demoteLastOwner.json().type).toMatch(/last-owner$/);
    const leaveAsLastOwner = await call('DELETE', `/api/v1/projects/${project.id}/members/${root.id}`, root);
    expect(leaveAsLastOwner.statusCode).toBe(409);

    expect(
      (await call('PATCH', `/api/v1/projects/${project.id}/members/${member.id}`, root, { role: 'owner' })).statusCode,
    ).toBe(200);
    // With two owners, the original one may step down.
    const demoted = await call('PATCH', `/api/v1/projects/${project.id}/members/${root.id}`, member, {
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
    expect(actions).toEqual(['member.role_changed', 'member.added', 'invitation.created', 'project.created']);
    expect(audit.json().items[0]).toMatchObject({
      actorUserId: owner.id,
      targetId: member.id,
      data: { from: 'member', to: 'viewer' },
    });
    const filtered = await call('GET', `/api/v1/projects/${project.id}/audit?action=member.added`, owner);
    expect(filtered.json().items).toEqual([
      expect.objectContaining({
        actorUserId: member.id,
        targetId: member.id,
        data: expect.objectContaining({ role: 'member' }),
      }),
    ]);
    expect((await call('GET', `/api/v1/projects/${project.id}/audit`, member)).statusCode).toBe(403);
  });

  describe('invitations', () => {
    const invite = (projectId: string, by: TestUser, body: object) =>
      call('POST', `/api/v1/projects/${projectId}/invitations`, by, body);
    const accept = (body: object, as?: TestUser) =>
      test.app.inject({
        method: 'POST',
        url: '/api/v1/invitations/accept',
        headers: as === undefined ? {} : bearer(as.token),
        payload: body,
      });

    it('answers alike whether the email has an account or not, with a one-time link that is not cached', async () => {
      const project = await createProject(test, owner, 'Invites');
      const existing = await createUser(test, { name: 'existing' });
      const answers = [
        await invite(project.id, owner, { email: existing.email, role: 'member' }),
        await invite(project.id, owner, { email: `nobody-${Date.now()}@example.com`, role: 'member' }),
      ];
      const shape = (response: (typeof answers)[number]) => {
        const body = response.json();
        return {
          status: response.statusCode,
          headers: response.headers['cache-control'],
          keys: Object.keys(body).sort(),
          invitation: { ...body.invitation, id: 'id', email: 'email', createdAt: 'at', expiresAt: 'at' },
          link: body.acceptUrl.replace(/token=.*$/, 'token='),
        };
      };
      expect(shape(answers[0]!)).toEqual(shape(answers[1]!));
      expect(answers[0]!.statusCode).toBe(201);
      expect(answers[0]!.headers['cache-control']).toBe('no-store');
      expect(answers[0]!.json().invitation).toMatchObject({ status: 'pending', role: 'member' });
    });

    it('lets the invitee accept once, signed in as that email; others and a second use are refused', async () => {
      const project = await createProject(test, owner, 'Accepting');
      const invitee = await createUser(test, { name: 'invitee' });
      const stranger = await createUser(test, { name: 'stranger' });
      const { token, invitation } = (await invite(project.id, owner, { email: invitee.email, role: 'viewer' })).json();
      const preview = await call('POST', '/api/v1/invitations/preview', stranger, { token });
      expect(preview.json()).toMatchObject({ projectId: project.id, projectName: 'Accepting', role: 'viewer' });
      const wrongPerson = await accept({ token }, stranger);
      expect(wrongPerson.statusCode).toBe(403);
      const accepted = await accept({ token }, invitee);
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json()).toEqual({
        projectId: project.id,
        role: 'viewer',
        userId: invitee.id,
        accountCreated: false,
      });
      expect((await call('GET', `/api/v1/projects/${project.id}`, invitee)).json().role).toBe('viewer');
      const again = await accept({ token }, invitee);
      expect(again.statusCode).toBe(404);
      expect(again.json().type).toMatch(/\/invitation-invalid$/);
      const list = (await call('GET', `/api/v1/projects/${project.id}/invitations`, owner)).json().items;
      expect(list.find((row: { id: string }) => row.id === invitation.id)).toMatchObject({ status: 'accepted' });
      const events = (await call('GET', `/api/v1/projects/${project.id}/events?limit=10`, owner)).json().items;
      expect(events.map((event: { type: string }) => event.type)).toEqual(
        expect.arrayContaining(['commandcenter.member.invited.v1', 'commandcenter.member.added.v1']),
      );
      expect(JSON.stringify(events)).not.toContain(token);
    });

    it('creates the account of a new invitee, who then signs in and lands in the project', async () => {
      const project = await createProject(test, owner, 'Newcomers');
      const email = `newcomer-${Date.now()}@example.com`;
      const { token } = (await invite(project.id, owner, { email, role: 'member' })).json();
      const incomplete = await accept({ token });
      expect(incomplete.statusCode).toBe(422);
      const created = await accept({ token, displayName: 'New Comer', password: TEST_PASSWORD });
      expect(created.statusCode, created.body).toBe(200);
      expect(created.json()).toMatchObject({ projectId: project.id, role: 'member', accountCreated: true });
      const login = await test.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: TEST_PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const projects = await test.app.inject({
        method: 'GET',
        url: '/api/v1/projects',
        headers: bearer(login.json().accessToken),
      });
      expect(projects.json().items).toEqual([expect.objectContaining({ id: project.id, role: 'member' })]);
    });

    it('refuses an account creation for an email that has one, a withdrawn or expired link, and owner invites by admins', async () => {
      const project = await createProject(test, owner, 'Refusals');
      const admin = await createUser(test, { name: 'inv-admin' });
      await addMember(test, project.id, owner, admin, 'admin');
      const existing = await createUser(test, { name: 'has-account' });
      const first = (await invite(project.id, owner, { email: existing.email, role: 'viewer' })).json();
      const exists = await accept({ token: first.token, displayName: 'Someone', password: TEST_PASSWORD });
      expect(exists.statusCode).toBe(409);
      expect(exists.json().type).toMatch(/\/account-exists$/);

      // A newer invitation replaces the open one; a withdrawn link stops working.
      const second = (await invite(project.id, owner, { email: existing.email, role: 'member' })).json();
      expect((await accept({ token: first.token }, existing)).statusCode).toBe(404);
      expect(
        (await call('DELETE', `/api/v1/projects/${project.id}/invitations/${second.invitation.id}`, admin)).statusCode,
      ).toBe(204);
      expect((await accept({ token: second.token }, existing)).statusCode).toBe(404);

      const third = (await invite(project.id, owner, { email: existing.email, role: 'member' })).json();
      await test.database.db.session((run) =>
        run(
          `UPDATE project_invitations SET expires_at = now() - interval '1 minute' WHERE id = '${third.invitation.id}'`,
        ),
      );
      const expired = await accept({ token: third.token }, existing);
      expect(expired.statusCode).toBe(404);
      const statuses = (await call('GET', `/api/v1/projects/${project.id}/invitations`, owner))
        .json()
        .items.map((row: { status: string }) => row.status);
      // Newest first; the oldest is the admin's own, accepted.
      expect(statuses).toEqual(['expired', 'revoked', 'revoked', 'accepted']);

      expect((await invite(project.id, admin, { email: existing.email, role: 'owner' })).statusCode).toBe(403);
      const preview = await test.app.inject({
        method: 'POST',
        url: '/api/v1/invitations/preview',
        payload: { token: 'x'.repeat(43) },
      });
      expect(preview.statusCode).toBe(404);
    });
  });
});
