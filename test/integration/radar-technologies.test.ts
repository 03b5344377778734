import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { projectCall, projectJson } from '../helpers/radar.js';

const FULL = {
  title: 'PostgreSQL',
  vendor: 'PGDG',
  domain: 'Data',
  status: 'integrated',
  relevance: 90,
  priority: 5,
  description: 'The **relational** database we run everywhere.',
  notes: 'Runs on 15 here.',
  useCases: '- OLTP\n- queues (SKIP LOCKED)',
  documentationUrl: 'https://www.postgresql.org/docs/',
  repositoryUrl: 'https://github.com/postgres/postgres',
  websiteUrl: 'https://www.postgresql.org/',
  tags: [' Database ', 'SQL', 'database'],
  maturity: 'mature',
  costTier: 'free',
  monthlyCost: 0,
  integrationDifficulty: 'easy',
  integrationEstimateDays: 3,
  stabilityScore: 98,
  latencyMs: 1.5,
  throughputQps: 25000,
  githubStars: 16000,
  lastCommitAt: '2026-11-20T10:00:00.000Z',
};

describe.each(databaseKinds())('radar technologies on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let projectId: string;
  let call: ReturnType<typeof projectCall>;
  let json: ReturnType<typeof projectJson>;

  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'tech-owner' });
    member = await createUser(test, { name: 'tech-member' });
    viewer = await createUser(test, { name: 'tech-viewer' });
    projectId = (await createProject(test, owner, 'Technologies')).id;
    await addMember(test, projectId, owner, member, 'member');
    await addMember(test, projectId, owner, viewer, 'viewer');
    call = projectCall(test, projectId);
    json = projectJson(test, projectId);
  });
  afterAll(() => test.close());

  it('creates a technology with every field, normalises tags, and reads it back', async () => {
    const created = await json('POST', '/technologies', member, FULL, 201);
    expect(created).toMatchObject({ ...FULL, tags: ['database', 'sql'], blips: [] });
    expect(await json('GET', `/technologies/${created.id}`, viewer, undefined, 200)).toEqual(created);
  });

  it('refuses a taken title case-insensitively (409 technology-title-taken), also on rename', async () => {
    const first = await json('POST', '/technologies', member, { title: 'Kafka' }, 201);
    const clash = await call('POST', '/technologies', member, { title: '  kAFKA ' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().type).toMatch(/technology-title-taken$/);
    const other = await json('POST', '/technologies', member, { title: 'Pulsar' }, 201);
    const rename = await call('PATCH', `/technologies/${other.id}`, member, { title: 'KAFKA' });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().type).toMatch(/technology-title-taken$/);
    // Renaming to itself in another case is fine.
    const recased = await json('PATCH', `/technologies/${first.id}`, member, { title: 'Apache Kafka' }, 200);
    expect(recased.title).toBe('Apache Kafka');
  });

  it('validates ranges, enums, URLs and dates with 422 and field pointers', async () => {
    const response = await call('POST', '/technologies', member, {
      title: 'Bad',
      relevance: 101,
      priority: 0,
      status: 'shipping',
      websiteUrl: 'javascript:alert(1)',
      githubStars: 2 ** 53,
    });
    expect(response.statusCode).toBe(422);
    const pointers = response.json().errors.map((error: { pointer: string }) => error.pointer);
    for (const field of ['relevance', 'priority', 'status', 'websiteUrl', 'githubStars']) {
      expect(pointers.some((pointer: string) => pointer.startsWith(`/body/${field}`))).toBe(true);
    }
    const ancient = await call('POST', '/technologies', member, { title: 'Old', lastCommitAt: '0001-01-01T00:00:00Z' });
    expect(ancient.statusCode).toBe(422);
    expect(ancient.json().errors[0].pointer).toBe('/body/lastCommitAt');
    expect((await call('POST', '/technologies', member, { title: '   ' })).statusCode).toBe(422);
  });

  it('lets members edit and delete, viewers only read; announces every change as an event', async () => {
    const created = await json('POST', '/technologies', member, { title: 'Redis', tags: ['cache'] }, 201);
    expect((await call('POST', '/technologies', viewer, { title: 'Nope' })).statusCode).toBe(403);
    expect((await call('PATCH', `/technologies/${created.id}`, viewer, { priority: 1 })).statusCode).toBe(403);
    const updated = await json(
      'PATCH',
      `/technologies/${created.id}`,
      member,
      { priority: 4, vendor: 'Redis Ltd' },
      200,
    );
    expect(updated).toMatchObject({ priority: 4, vendor: 'Redis Ltd', tags: ['cache'] });
    await json('DELETE', `/technologies/${created.id}`, member, undefined, 204);
    expect((await call('GET', `/technologies/${created.id}`, owner)).statusCode).toBe(404);
    const events = await json('GET', '/events?limit=200', owner, undefined, 200);
    const mine = events.items.filter((event: { subject: string }) => event.subject === `technologies/${created.id}`);
    expect(mine.map((event: { type: string }) => event.type).reverse()).toEqual([
      'commandcenter.technology.created.v1',
      'commandcenter.technology.updated.v1',
      'commandcenter.technology.deleted.v1',
    ]);
    expect(mine[1].data.changed.sort()).toEqual(['priority', 'vendor']);
  });

  it('relates technologies with typed relations, both directions, without duplicates or foreign targets', async () => {
    const a = await json('POST', '/technologies', member, { title: 'Podman' }, 201);
    const b = await json('POST', '/technologies', member, { title: 'Docker' }, 201);
    const relation = await json(
      'POST',
      `/technologies/${a.id}/relations`,
      member,
      { kind: 'alternative_to', targetTechnologyId: b.id },
      201,
    );
    expect(relation).toMatchObject({ kind: 'alternative_to', direction: 'outgoing', technology: { id: b.id } });
    const incoming = await json('GET', `/technologies/${b.id}/relations`, viewer, undefined, 200);
    expect(incoming.items).toEqual([
      expect.objectContaining({ direction: 'incoming', technology: { id: a.id, title: 'Podman' } }),
    ]);
    // alternative_to is symmetric: the reverse is the same relation.
    const reverse = await call('POST', `/technologies/${b.id}/relations`, member, {
      kind: 'alternative_to',
      targetTechnologyId: a.id,
    });
    expect(reverse.statusCode).toBe(409);
    expect(reverse.json().type).toMatch(/relation-exists$/);
    await json('POST', `/technologies/${b.id}/relations`, member, { kind: 'replaces', targetTechnologyId: a.id }, 201);
    const self = await call('POST', `/technologies/${a.id}/relations`, member, {
      kind: 'depends_on',
      targetTechnologyId: a.id,
    });
    expect(self.statusCode).toBe(422);
    const unknown = await call('POST', `/technologies/${a.id}/relations`, member, {
      kind: 'depends_on',
      targetTechnologyId: '01900000-0000-7000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(422);
    await json('DELETE', `/technologies/${b.id}/relations/${relation.id}`, member, undefined, 204);
    const left = await json('GET', `/technologies/${a.id}/relations`, viewer, undefined, 200);
    expect(left.items.map((item: { kind: string }) => item.kind)).toEqual(['replaces']);
    expect((await call('DELETE', `/technologies/${a.id}/relations/${relation.id}`, member)).statusCode).toBe(404);
  });

  describe('lists', () => {
    let listProject: string;
    let list: ReturnType<typeof projectJson>;
    let listCall: ReturnType<typeof projectCall>;
    const titles: string[] = [];

    beforeAll(async () => {
      listProject = (await createProject(test, owner, 'Lists')).id;
      list = projectJson(test, listProject);
      listCall = projectCall(test, listProject);
      const statuses = ['discovery', 'research', 'evaluation', 'implementation', 'integrated', 'archived'];
      for (let i = 0; i < 30; i++) {
        const title = `Tech ${String.fromCharCode(65 + (i % 26))}${i}`;
        titles.push(title);
        await list(
          'POST',
          '/technologies',
          owner,
          {
            title,
            status: statuses[i % statuses.length],
            domain: i % 2 === 0 ? 'Data' : 'Web',
            priority: (i % 5) + 1,
            relevance: (i * 7) % 101,
            tags: i % 3 === 0 ? ['streaming'] : ['batch'],
            description: i === 7 ? 'An event streaming platform for pipelines' : 'Something else',
            ...(i % 4 === 0 ? { placement: { quadrantId: 'tools', ringId: i % 8 === 0 ? 'adopt' : 'trial' } } : {}),
          },
          201,
        );
      }
    });

    async function all(query: string): Promise<Array<Record<string, unknown>>> {
      const items: Array<Record<string, unknown>> = [];
      let cursor: string | null = null;
      for (let page = 0; page < 50; page++) {
        const body = await list(
          'GET',
          `/technologies?limit=7&${query}${cursor === null ? '' : `&cursor=${cursor}`}`,
          owner,
          undefined,
          200,
        );
        items.push(...body.items);
        cursor = body.nextCursor;
        if (cursor === null) return items;
      }
      throw new Error('pagination did not end');
    }

    it('pages through every sort, in both orders, each row exactly once and in order', async () => {
      for (const sort of ['title', 'priority', 'relevance', 'updatedAt', 'createdAt'] as const) {
        for (const order of ['asc', 'desc'] as const) {
          const items = await all(`sort=${sort}&order=${order}`);
          expect(items.map((item) => item.title).sort()).toEqual([...titles].sort());
          const key = (item: Record<string, unknown>) =>
            sort === 'title' ? String(item.title).toLowerCase() : (item[sort] as string | number);
          for (let i = 1; i < items.length; i++) {
            const [a, b] = [key(items[i - 1]!), key(items[i]!)];
            if (order === 'asc') expect(a <= b, `${sort} ${order} at ${i}`).toBe(true);
            else expect(a >= b, `${sort} ${order} at ${i}`).toBe(true);
          }
        }
      }
    });

    it('refuses a cursor of another sort and a forged one with 400', async () => {
      const first = await list('GET', '/technologies?limit=2&sort=priority', owner, undefined, 200);
      const other = await listCall('GET', `/technologies?limit=2&sort=title&cursor=${first.nextCursor}`, owner);
      expect(other.statusCode).toBe(400);
      const forged = Buffer.from('["priority","desc","x; DROP TABLE","nope"]').toString('base64url');
      expect((await listCall('GET', `/technologies?sort=priority&cursor=${forged}`, owner)).statusCode).toBe(400);
    });

    it('searches title, tags and description by word prefix', async () => {
      const byTitle = await all('q=tech%20c28');
      expect(byTitle.map((item) => item.title)).toEqual(['Tech C28']);
      // Words match as prefixes: "c2" finds C2 and C28.
      expect((await all('q=c2&sort=title&order=asc')).map((item) => item.title)).toEqual(['Tech C2', 'Tech C28']);
      const byDescription = await all('q=stream%20pipeline');
      expect(byDescription.map((item) => item.title)).toEqual(['Tech H7']);
      const byTag = await all('q=streaming');
      // Ten tagged "streaming", and one whose description says "streaming".
      expect(byTag.length).toBe(11);
      expect(await all('q=%21%21%21')).toEqual([]);
    });

    it('filters by status, domain, tag, priority, radar, quadrant and ring', async () => {
      expect((await all('status=archived')).every((item) => item.status === 'archived')).toBe(true);
      expect((await all('status=archived')).length).toBe(5);
      expect((await all('domain=data')).length).toBe(15);
      expect((await all('tag=STREAMING')).length).toBe(10);
      expect((await all('priority=5')).every((item) => item.priority === 5)).toBe(true);
      const placed = await all('quadrantId=tools');
      expect(placed.length).toBe(8);
      const adopt = await all('ringId=adopt');
      expect(adopt.length).toBe(4);
      const radars = await list('GET', '/radars', owner, undefined, 200);
      const onRadar = await all(`radarId=${radars.items[0].id}&ringId=trial&tag=streaming`);
      expect(onRadar.map((item) => item.title)).toEqual(['Tech M12']);
      expect(onRadar[0]?.blips).toEqual([expect.objectContaining({ radarId: radars.items[0].id, ringId: 'trial' })]);
    });
  });
});
