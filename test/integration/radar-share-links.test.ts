import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { logSerializers } from '../../src/platform/observability/error-serializer.js';
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
import { defaultRadarId, projectCall, projectJson } from '../helpers/radar.js';

describe.each(databaseKinds())('radar share links on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let ownerB: TestUser;
  let projectId: string;
  let radarId: string;
  let volumeId: string;
  let json: ReturnType<typeof projectJson>;
  let call: ReturnType<typeof projectCall>;
  let live: { link: { id: string }; token: string; urls: Record<string, string> };
  let volume: { link: { id: string }; token: string; urls: Record<string, string> };

  /** A request with no credentials at all, as Backstage or a BYOR page would send it. */
  const anonymous = (url: string) => test.app.inject({ method: 'GET', url: url.replace(test.config.publicUrl, '') });

  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'share-owner' });
    admin = await createUser(test, { name: 'share-admin' });
    member = await createUser(test, { name: 'share-member' });
    ownerB = await createUser(test, { name: 'share-outsider' });
    projectId = (await createProject(test, owner, 'Shared radar')).id;
    await createProject(test, ownerB, 'Other project');
    await addMember(test, projectId, owner, admin, 'admin');
    await addMember(test, projectId, owner, member, 'member');
    json = projectJson(test, projectId);
    call = projectCall(test, projectId);
    radarId = await defaultRadarId(test, projectId, owner.token);
    for (const title of ['Kafka', 'Postgres']) {
      await json('POST', '/technologies', admin, { title, placement: { quadrantId: 'tools', ringId: 'trial' } }, 201);
    }
    volumeId = (await json('POST', `/radars/${radarId}/volumes`, admin, { name: 'Vol 1', date: '2030-01-01' }, 201)).id;
    // After the volume: only the live radar has it.
    await json(
      'POST',
      '/technologies',
      admin,
      { title: 'Zig', placement: { quadrantId: 'tools', ringId: 'assess' } },
      201,
    );
    live = await json('POST', `/radars/${radarId}/share-links`, admin, { label: 'Backstage' }, 201);
    volume = await json('POST', `/radars/${radarId}/share-links`, admin, { label: 'Vol 1 page', volumeId }, 201);
  });
  afterAll(() => test.close());

  it('serves BYOR CSV, BYOR JSON and Zalando JSON to a caller without credentials', async () => {
    expect(live.token).toMatch(/^ccs_[A-Za-z0-9_-]{43}$/);
    expect(Object.keys(live.urls)).toEqual(expect.arrayContaining(['byor-csv', 'byor-json', 'zalando', 'backstage']));

    const csv = await anonymous(live.urls['byor-csv']!);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['access-control-allow-origin']).toBe('*');
    expect(csv.headers['cache-control']).toBe('no-store');
    expect(csv.body.split('\n')[0]).toMatch(/^name,ring,quadrant/);
    expect(csv.body).toContain('Kafka');
    expect(csv.body).toContain('Zig');

    const byor = await anonymous(live.urls['byor-json']!);
    expect(byor.statusCode, byor.body).toBe(200);
    expect(
      byor
        .json()
        .map((entry: { name: string }) => entry.name)
        .sort(),
    ).toEqual(['Kafka', 'Postgres', 'Zig']);

    const zalando = await anonymous(live.urls.zalando!);
    expect(zalando.statusCode, zalando.body).toBe(200);
    expect(
      zalando
        .json()
        .entries.map((entry: { label: string }) => entry.label)
        .sort(),
    ).toEqual(['Kafka', 'Postgres', 'Zig']);

    // Backstage's tech-radar plugin: a TechRadarLoaderResponse.
    const backstage = await anonymous(live.urls.backstage!);
    expect(backstage.statusCode, backstage.body).toBe(200);
    expect(backstage.headers['access-control-allow-origin']).toBe('*');
    expect(backstage.json()).toMatchObject({ quadrants: expect.any(Array), rings: expect.any(Array) });
    expect(
      backstage
        .json()
        .entries.map((entry: { title: string }) => entry.title)
        .sort(),
    ).toEqual(['Kafka', 'Postgres', 'Zig']);

    // The same file by query, for tools that do not care about the extension.
    const byQuery = await anonymous(`/api/v1/shared/radars/${live.token}?format=byor-json`);
    expect(byQuery.statusCode).toBe(200);
    expect(byQuery.json()).toEqual(byor.json());
  });

  it('serves a volume link as that volume', async () => {
    const byor = await anonymous(volume.urls['byor-json']!);
    expect(byor.statusCode, byor.body).toBe(200);
    expect(
      byor
        .json()
        .map((entry: { name: string }) => entry.name)
        .sort(),
    ).toEqual(['Kafka', 'Postgres']);
  });

  it('gives no other access: the token as a bearer is refused everywhere else', async () => {
    for (const url of [
      `/api/v1/projects/${projectId}`,
      `/api/v1/projects/${projectId}/radars/${radarId}/export?format=byor-csv`,
      `/api/v1/projects/${projectId}/radars/${radarId}/share-links`,
      '/api/v1/projects',
      '/api/v1/auth/me',
    ]) {
      const response = await test.app.inject({ method: 'GET', url, headers: bearer(live.token) });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(401);
    }
  });

  it('lists links to admins with when they were last used, never their tokens', async () => {
    const page = await json('GET', `/radars/${radarId}/share-links`, admin, undefined, 200);
    expect(page.items.map((link: { label: string }) => link.label)).toEqual(['Vol 1 page', 'Backstage']);
    expect(page.items[0]).toMatchObject({ volumeId, volumeName: 'Vol 1', status: 'active' });
    expect(page.items[1]).toMatchObject({ volumeId: null, status: 'active', lastUsedAt: expect.any(String) });
    expect(JSON.stringify(page)).not.toContain(live.token);
    expect((await call('GET', `/radars/${radarId}/share-links`, member)).statusCode).toBe(403);
    expect((await call('POST', `/radars/${radarId}/share-links`, member, {})).statusCode).toBe(403);
  });

  it('records use at most once a minute', async () => {
    const lastUsed = async () =>
      (await json('GET', `/radars/${radarId}/share-links`, admin, undefined, 200)).items.find(
        (link: { id: string }) => link.id === live.link.id,
      ).lastUsedAt;
    const before = await lastUsed();
    expect(before).not.toBeNull();
    for (let i = 0; i < 3; i += 1) expect((await anonymous(live.urls['byor-csv']!)).statusCode).toBe(200);
    expect(await lastUsed()).toBe(before);
  });

  it("refuses another project's admin: it can neither list nor revoke", async () => {
    expect((await call('GET', `/radars/${radarId}/share-links`, ownerB)).statusCode).toBe(404);
    expect((await call('DELETE', `/radars/${radarId}/share-links/${live.link.id}`, ownerB)).statusCode).toBe(404);
    // Through their own project's URL, the link is not theirs either.
    const own = (await createProject(test, ownerB, 'Attacker')).id;
    const ownRadar = await defaultRadarId(test, own, ownerB.token);
    const foreign = await projectCall(test, own)('DELETE', `/radars/${ownRadar}/share-links/${live.link.id}`, ownerB);
    expect(foreign.statusCode).toBe(404);
    expect((await anonymous(live.urls['byor-csv']!)).statusCode).toBe(200);
  });

  it('answers a revoked link exactly like an unknown one: 404 problem+json', async () => {
    const link = await json('POST', `/radars/${radarId}/share-links`, admin, { label: 'short-lived' }, 201);
    expect((await anonymous(link.urls['byor-csv'])).statusCode).toBe(200);
    await json('DELETE', `/radars/${radarId}/share-links/${link.link.id}`, admin, undefined, 204);
    // Revoking twice changes nothing.
    await json('DELETE', `/radars/${radarId}/share-links/${link.link.id}`, admin, undefined, 204);
    const revoked = await anonymous(link.urls['byor-csv']);
    const unknown = await anonymous(`/api/v1/shared/radars/ccs_${'A'.repeat(43)}/byor.csv`);
    const malformed = await anonymous('/api/v1/shared/radars/nonsense?format=zalando');
    for (const response of [revoked, unknown, malformed]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['access-control-allow-origin']).toBe('*');
      const { type, title, detail } = response.json();
      expect({ type, title, detail }).toEqual({
        type: expect.stringMatching(/share-link-not-found$/),
        title: 'Share link not found',
        detail: 'This share link does not exist or was revoked.',
      });
    }
    const page = await json('GET', `/radars/${radarId}/share-links`, admin, undefined, 200);
    expect(page.items.find((item: { id: string }) => item.id === link.link.id)).toMatchObject({
      status: 'revoked',
      revokedBy: admin.id,
      revokedAt: expect.any(String),
    });
    const activeOnly = await json('GET', `/radars/${radarId}/share-links?includeRevoked=false`, admin, undefined, 200);
    expect(activeOnly.items.map((item: { id: string }) => item.id)).not.toContain(link.link.id);

    const audit = async (action: string) =>
      (await json('GET', `/audit?action=${action}&limit=50`, owner, undefined, 200)).items as Array<{
        targetId: string;
        actorUserId: string;
      }>;
    expect(await audit('radar_share_link.created')).toEqual(
      expect.arrayContaining([expect.objectContaining({ targetId: link.link.id, actorUserId: admin.id })]),
    );
    expect(await audit('radar_share_link.revoked')).toEqual([
      expect.objectContaining({ targetId: link.link.id, actorUserId: admin.id }),
    ]);
    const events = await json('GET', '/events?type=commandcenter.radar.share_link_revoked.v1', owner, undefined, 200);
    expect(events.items).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(link.token);
  });

  it('keeps the token out of the request log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await buildApp({
      config: test.config,
      db: test.database.db,
      runtime: test.runtime,
      logger: { level: 'info', stream, serializers: logSerializers },
    });
    try {
      const file = await logged.app.inject({
        method: 'GET',
        url: live.urls['byor-csv']!.replace(test.config.publicUrl, ''),
      });
      expect(file.statusCode).toBe(200);
      const byQuery = await logged.app.inject({
        method: 'GET',
        url: `/api/v1/shared/radars/${live.token}?format=zalando`,
      });
      expect(byQuery.statusCode).toBe(200);
    } finally {
      await logged.app.close();
    }
    const log = lines.join('');
    expect(log).toContain('/api/v1/shared/radars/[redacted]');
    expect(log).not.toContain(live.token);
    expect(log).not.toContain(live.token.slice(4, 20));
  });
});
