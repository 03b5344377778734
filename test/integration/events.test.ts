import { request as httpRequest } from 'node:http';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../src/platform/events/envelope.js';
import type { Subscriber } from '../../src/platform/events/subscribers.js';
import { eventOutbox } from '../../src/platform/events/tables.js';
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
import { openStream } from '../helpers/sse.js';
import { waitFor } from '../helpers/wait.js';

/** Fails every delivery while `failing` is true: a stand-in for a reaction whose downstream is down. */
const flaky = { failing: true, applied: [] as string[] };
const flakySubscriber: Subscriber = {
  name: 'test-flaky',
  types: ['commandcenter.member.added.v1'],
  retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
  async handle(event) {
    if (flaky.failing) throw new Error('downstream unavailable');
    flaky.applied.push(event.id);
  },
};

describe.each(databaseKinds())('events on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let baseUrl: string;
  beforeAll(async () => {
    test = await buildTestApp(kind, {
      env: { CC_SSE_HEARTBEAT_SECONDS: '1' },
      runtime: { extraSubscribers: [flakySubscriber] },
    });
    owner = await createUser(test, { name: 'eventowner' });
    baseUrl = await test.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => test.close());

  /** Writes an event the way another process would: committed, but this process's sequencer is not told of it. */
  const commitElsewhere = (project: { id: string; slug: string }) =>
    test.database.db.system((tx) =>
      tx.insert(eventOutbox).values({
        id: uuidv7(),
        projectId: project.id,
        type: 'commandcenter.project.updated.v1',
        version: 1,
        subject: `projects/${project.id}`,
        data: {
          id: project.id,
          slug: project.slug,
          name: 'Streamed A',
          description: 'renamed',
          changed: ['description'],
        },
        actor: 'system',
        correlationId: 'elsewhere',
      }),
    );

  const log = async (projectId: string, query = '') =>
    (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${projectId}/events${query}`,
        headers: bearer(owner.token),
      })
    ).json();

  it('records core changes as CloudEvents in the same transaction, and nothing for a refused change', async () => {
    const project = await createProject(test, owner, 'Evented');
    const member = await createUser(test, { name: 'evented-member' });
    await addMember(test, project.id, owner, member, 'viewer');
    const refused = await test.app.inject({
      method: 'PATCH',
      url: `/api/v1/projects/${project.id}/members/${owner.id}`,
      headers: { ...bearer(owner.token), 'x-request-id': 'refused-1' },
      payload: { role: 'viewer' },
    });
    expect(refused.statusCode).toBe(409);
    const page = await log(project.id);
    expect(page.items.map((event: CloudEvent) => event.type)).toEqual([
      'commandcenter.member.added.v1',
      'commandcenter.member.invited.v1',
      'commandcenter.project.created.v1',
    ]);
    // The owner invited; the member joined by accepting.
    expect(page.items[1]).toMatchObject({ actor: `user:${owner.id}`, data: { email: member.email, role: 'viewer' } });
    expect(page.items[0]).toMatchObject({
      specversion: '1.0',
      source: '/commandcenter',
      subject: `members/${member.id}`,
      projectid: project.id,
      actor: `user:${member.id}`,
      data: { userId: member.id, email: member.email, role: 'viewer' },
    });
    expect(page.items[0].sequence).toBeGreaterThan(page.items[1].sequence);
    const filtered = await log(project.id, '?type=commandcenter.project.created.v1');
    expect(filtered.items).toHaveLength(1);
  });

  it('delivers every event to the stats subscriber exactly once', async () => {
    const project = await createProject(test, owner, 'Counted');
    for (let index = 0; index < 5; index++) {
      await test.app.inject({
        method: 'PATCH',
        url: `/api/v1/projects/${project.id}`,
        headers: bearer(owner.token),
        payload: { description: `revision ${index}` },
      });
    }
    const total = (await log(project.id, '?limit=200')).items.length;
    expect(total).toBe(6);
    const stats = await waitFor(
      async () => {
        const body = (
          await test.app.inject({
            method: 'GET',
            url: `/api/v1/projects/${project.id}/events/stats`,
            headers: bearer(owner.token),
          })
        ).json();
        const counted = body.days.reduce((sum: number, row: { count: number }) => sum + row.count, 0);
        return counted === total ? body : undefined;
      },
      15_000,
      'event stats to count every event',
    );
    expect(stats.days).toContainEqual(expect.objectContaining({ type: 'commandcenter.project.updated.v1', count: 5 }));
  });

  it('dead-letters an event after its retries and replays it as a job', async () => {
    flaky.failing = true;
    const project = await createProject(test, owner, 'Dead');
    const member = await createUser(test, { name: 'dead-member' });
    await addMember(test, project.id, owner, member, 'member');
    const letters = await waitFor(
      async () => {
        const body = (
          await test.app.inject({
            method: 'GET',
            url: `/api/v1/projects/${project.id}/events/dead-letters`,
            headers: bearer(owner.token),
          })
        ).json();
        return body.items.length > 0 ? body.items : undefined;
      },
      15_000,
      'a dead letter',
    );
    expect(letters[0]).toMatchObject({
      subscriber: 'test-flaky',
      eventType: 'commandcenter.member.added.v1',
      attempts: 2,
      lastError: 'downstream unavailable',
    });

    flaky.failing = false;
    const replay = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/events/replay`,
      headers: bearer(owner.token),
      payload: { subscriber: 'test-flaky', deadLetterIds: [letters[0].id] },
    });
    expect(replay.statusCode).toBe(202);
    const job = await waitFor(
      async () => {
        const body = (
          await test.app.inject({
            method: 'GET',
            url: `/api/v1/projects/${project.id}/jobs/${replay.json().id}`,
            headers: bearer(owner.token),
          })
        ).json();
        return body.status === 'completed' ? body : undefined;
      },
      20_000,
      'the replay job',
    );
    expect(job.result).toEqual({ applied: 1, skipped: 0, missing: 0 });
    expect(flaky.applied).toContain(letters[0].eventId);
    const again = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/events/replay`,
      headers: bearer(owner.token),
      payload: { subscriber: 'test-flaky', deadLetterIds: [letters[0].id] },
    });
    expect(again.statusCode).toBe(422);
  });

  it('streams live events as SSE, resumes after Last-Event-ID, and never mixes projects', async () => {
    const projectA = await createProject(test, owner, 'Streamed A');
    const projectB = await createProject(test, owner, 'Streamed B');
    // Committed before the stream opens, by a process whose sequencer has not looked yet: not a live event.
    await commitElsewhere(projectA);
    const stream = await openStream(baseUrl, `/api/v1/projects/${projectA.id}/events/stream`, owner.token);
    const memberA = await createUser(test, { name: 'stream-a' });
    const memberB = await createUser(test, { name: 'stream-b' });
    await addMember(test, projectB.id, owner, memberB, 'viewer');
    await addMember(test, projectA.id, owner, memberA, 'viewer');
    await waitFor(async () => (stream.events.length >= 2 ? true : undefined), 10_000, 'live events');
    await waitFor(async () => (stream.comments >= 2 ? true : undefined), 10_000, 'heartbeats');
    expect(stream.events.every((event) => event.projectid === projectA.id)).toBe(true);
    expect(stream.events.map((event) => event.type)).toEqual([
      'commandcenter.member.invited.v1',
      'commandcenter.member.added.v1',
    ]);
    stream.close();

    const created = (await log(projectA.id, '?type=commandcenter.project.created.v1')).items[0];
    const resumed = await openStream(
      baseUrl,
      `/api/v1/projects/${projectA.id}/events/stream`,
      owner.token,
      String(created.sequence),
    );
    await waitFor(async () => (resumed.events.length >= 3 ? true : undefined), 10_000, 'replayed events');
    // Resuming replays what the live stream rightly left out: the change committed before it opened.
    expect(resumed.events.map((event) => event.type)).toEqual([
      'commandcenter.project.updated.v1',
      'commandcenter.member.invited.v1',
      'commandcenter.member.added.v1',
    ]);
    expect(resumed.events[2]!.data.userId).toBe(memberA.id);
    resumed.close();

    // A member of B only cannot open A's stream.
    const outsider = await openStream(baseUrl, `/api/v1/projects/${projectA.id}/events/stream`, memberB.token).catch(
      (error: Error) => error,
    );
    expect(String(outsider)).toContain('404');
  });

  it('ends the stream when the caller stops being a member', async () => {
    const project = await createProject(test, owner, 'Leaving');
    const member = await createUser(test, { name: 'leaver' });
    await addMember(test, project.id, owner, member, 'viewer');
    let ended = false;
    await new Promise<void>((resolve) => {
      const request = httpRequest(
        `${baseUrl}/api/v1/projects/${project.id}/events/stream`,
        { headers: bearer(member.token) },
        (response) => {
          response.on('end', () => {
            ended = true;
          });
          response.resume();
          resolve();
        },
      );
      request.end();
    });
    await test.app.inject({
      method: 'DELETE',
      url: `/api/v1/projects/${project.id}/members/${member.id}`,
      headers: bearer(owner.token),
    });
    await waitFor(async () => (ended ? true : undefined), 10_000, 'the stream to end');
  });

  it('serves the catalog with a JSON Schema per type and the subscribers', async () => {
    const catalog = (
      await test.app.inject({ method: 'GET', url: '/api/v1/events/catalog', headers: bearer(owner.token) })
    ).json();
    const memberAdded = catalog.events.find(
      (entry: { type: string }) => entry.type === 'commandcenter.member.added.v1',
    );
    expect(memberAdded).toMatchObject({
      name: 'member.added',
      version: 1,
      schema: { type: 'object', required: expect.arrayContaining(['userId', 'role']) },
    });
    expect(catalog.events.map((entry: { name: string }) => entry.name)).toEqual(
      expect.arrayContaining([
        'project.created',
        'project.updated',
        'project.deleted',
        'member.role_changed',
        'member.removed',
        'api_key.created',
        'api_key.revoked',
        'job.updated',
      ]),
    );
    expect(catalog.subscribers.map((entry: { name: string }) => entry.name)).toContain('event-stats');
  });
});
