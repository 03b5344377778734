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
import { createTask, createTechnology, dayFromToday, eventsOfType } from '../helpers/research.js';

interface Task {
  id: string;
  title: string;
  status: string;
  progress: number;
  completedAt: string | null;
  dueDate: string | null;
  overdue: boolean;
  assigneeId: string | null;
  technologyIds: string[];
  tags: string[];
  verdict: string | null;
  confidence: string | null;
}

describe.each(databaseKinds())('research tasks on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let project: { id: string };
  let other: { id: string };
  let postgres: { id: string };
  let sqlite: { id: string };
  let foreignTechnology: { id: string };

  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'owner' });
    member = await createUser(test, { name: 'member' });
    viewer = await createUser(test, { name: 'viewer' });
    outsider = await createUser(test, { name: 'outsider' });
    project = await createProject(test, owner, 'Research');
    other = await createProject(test, outsider, 'Elsewhere');
    await addMember(test, project.id, owner, member, 'member');
    await addMember(test, project.id, owner, viewer, 'viewer');
    postgres = await createTechnology(test, project.id, owner, 'PostgreSQL');
    sqlite = await createTechnology(test, project.id, owner, 'SQLite');
    foreignTechnology = await createTechnology(test, other.id, outsider, 'Foreign');
  });
  afterAll(() => test.close());

  const base = () => `/api/v1/projects/${project.id}/research-tasks`;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, user: TestUser, payload?: object) =>
    test.app.inject({ method, url, headers: bearer(user.token), ...(payload === undefined ? {} : { payload }) });
  const patch = async (id: string, payload: object, status = 200): Promise<Task> => {
    const response = await call('PATCH', `${base()}/${id}`, member, payload);
    expect(response.statusCode, response.body).toBe(status);
    return response.json();
  };

  it('creates a task with defaults, normalised tags and linked technologies, and announces it', async () => {
    const response = await call('POST', base(), member, {
      title: '  Evaluate PostgreSQL 17 ',
      description: '# Why\nBecause.',
      tags: ['DB', ' db', 'Storage'],
      technologyIds: [sqlite.id, postgres.id],
      assigneeId: member.id,
      dueDate: dayFromToday(10),
      estimatedHours: 12.5,
    });
    expect(response.statusCode, response.body).toBe(201);
    const task = response.json();
    expect(task).toMatchObject({
      title: 'Evaluate PostgreSQL 17',
      status: 'pending',
      progress: 0,
      completedAt: null,
      tags: ['db', 'storage'],
      technologyIds: [postgres.id, sqlite.id].sort(),
      assigneeId: member.id,
      estimatedHours: 12.5,
      actualHours: null,
      verdict: null,
      overdue: false,
      commentCount: 0,
      attachmentCount: 0,
      createdBy: member.id,
    });
    const events = await eventsOfType(test, project.id, owner, 'research_task.created');
    expect(events[0]).toMatchObject({ id: task.id, title: 'Evaluate PostgreSQL 17', tags: ['db', 'storage'] });
    expect((await call('GET', `${base()}/${task.id}`, viewer)).json()).toEqual(task);
  });

  it('accepts only active project members as assignees (422 otherwise)', async () => {
    const refused = await call('POST', base(), member, { title: 'Outsider task', assigneeId: outsider.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { pointer: '/body/assigneeId', detail: 'the assignee must be an active member of this project' },
    ]);
    const task = await createTask(test, project.id, member, { title: 'Assign later' });
    await patch(task.id, { assigneeId: outsider.id }, 422);
    expect((await patch(task.id, { assigneeId: viewer.id })).assigneeId).toBe(viewer.id);
    expect((await patch(task.id, { assigneeId: null })).assigneeId).toBeNull();
  });

  it('refuses technologies of other projects, unknown days and other invalid input with 422', async () => {
    const foreign = await call('POST', base(), member, { title: 'Sneaky', technologyIds: [foreignTechnology.id] });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].pointer).toBe('/body/technologyIds');
    const badDay = await call('POST', base(), member, { title: 'Leap', dueDate: '2027-02-29' });
    expect(badDay.statusCode).toBe(422);
    expect(badDay.json().errors[0].pointer).toBe('/body/dueDate');
    const bad = await call('POST', base(), member, { title: '', progress: 101, status: 'done', estimatedHours: -1 });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((error: { pointer: string }) => error.pointer)
        .sort(),
    ).toEqual(expect.arrayContaining(['/body/title', '/body/progress', '/body/status', '/body/estimatedHours']));
    expect((await call('POST', base(), viewer, { title: 'Viewer' })).statusCode).toBe(403);
  });

  it('applies the completion rules: 100 completes and stamps, reopening clears, contradictions are 422', async () => {
    const task = await createTask(test, project.id, member, { title: 'Completion' });
    const started = await patch(task.id, { progress: 40 });
    expect(started).toMatchObject({ status: 'in_progress', progress: 40, completedAt: null });

    const completed = await patch(task.id, { progress: 100 });
    expect(completed.status).toBe('completed');
    expect(completed.completedAt).not.toBeNull();
    // Completing again keeps the first stamp.
    expect((await patch(task.id, { status: 'completed', title: 'Completion!' })).completedAt).toBe(
      completed.completedAt,
    );

    const reopened = await patch(task.id, { progress: 70 });
    expect(reopened).toMatchObject({ status: 'in_progress', progress: 70, completedAt: null });

    const byStatus = await patch(task.id, { status: 'completed' });
    expect(byStatus).toMatchObject({ status: 'completed', progress: 100 });
    expect(byStatus.completedAt).not.toBeNull();

    const blocked = await patch(task.id, { status: 'blocked' });
    expect(blocked).toMatchObject({ status: 'blocked', progress: 0, completedAt: null });

    await patch(task.id, { status: 'completed', progress: 50 }, 422);
    await patch(task.id, { status: 'in_progress', progress: 100 }, 422);

    const created = await createTask(test, project.id, member, { title: 'Born done', progress: 100 });
    expect(created).toMatchObject({ status: 'completed', progress: 100 });
    expect(created.completedAt).not.toBeNull();

    const changes = (await eventsOfType(test, project.id, owner, 'research_task.status_changed'))
      .filter((event) => event.id === task.id)
      .reverse()
      .map((event) => `${event.from}->${event.to}`);
    expect(changes).toEqual([
      'pending->in_progress',
      'in_progress->completed',
      'completed->in_progress',
      'in_progress->completed',
      'completed->blocked',
    ]);
  });

  it('records verdicts with their confidence and announces each one', async () => {
    const task = await createTask(test, project.id, member, { title: 'Verdict', technologyIds: [postgres.id] });
    await patch(task.id, { verdict: 'adopt' }, 422);
    await patch(task.id, { confidence: 'high' }, 422);
    expect(await patch(task.id, { verdict: 'trial', confidence: 'medium', findings: 'Works.' })).toMatchObject({
      verdict: 'trial',
      confidence: 'medium',
    });
    expect(await patch(task.id, { verdict: 'adopt' })).toMatchObject({ verdict: 'adopt', confidence: 'medium' });
    expect(await patch(task.id, { verdict: null })).toMatchObject({ verdict: null, confidence: null });
    const verdicts = (await eventsOfType(test, project.id, owner, 'research_task.verdict_recorded')).filter(
      (event) => event.id === task.id,
    );
    expect(verdicts.map((event) => `${event.verdict}/${event.confidence}`)).toEqual(['adopt/medium', 'trial/medium']);
    expect(verdicts[0]!.technologyIds).toEqual([postgres.id]);
  });

  it('announces updates with the changed fields, and nothing for a change that changes nothing', async () => {
    const task = await createTask(test, project.id, member, { title: 'Updates', tags: ['a'] });
    await patch(task.id, { title: 'Updated', tags: ['A', 'b'], technologyIds: [sqlite.id] });
    await patch(task.id, { title: 'Updated', tags: ['a', 'b'] });
    const updates = (await eventsOfType(test, project.id, owner, 'research_task.updated')).filter(
      (event) => event.id === task.id,
    );
    expect(updates).toHaveLength(1);
    expect((updates[0]!.changed as string[]).sort()).toEqual(['tags', 'technologyIds', 'title']);
  });

  it('deletes a task for good and announces it', async () => {
    const task = await createTask(test, project.id, member, { title: 'Doomed' });
    expect((await call('DELETE', `${base()}/${task.id}`, member)).statusCode).toBe(204);
    expect((await call('GET', `${base()}/${task.id}`, owner)).statusCode).toBe(404);
    expect((await call('DELETE', `${base()}/${task.id}`, member)).statusCode).toBe(404);
    expect((await eventsOfType(test, project.id, owner, 'research_task.deleted'))[0]).toEqual({
      id: task.id,
      title: 'Doomed',
    });
  });

  describe('lists and statistics', () => {
    let listProject: { id: string };
    let tasks: Record<string, Task>;
    let techA: { id: string };

    beforeAll(async () => {
      listProject = await createProject(test, owner, 'Lists');
      await addMember(test, listProject.id, owner, member, 'member');
      techA = await createTechnology(test, listProject.id, owner, 'Kafka');
      const specs: Array<[string, Record<string, unknown>]> = [
        [
          'late',
          { dueDate: dayFromToday(-3), status: 'in_progress', progress: 30, tags: ['infra'], assigneeId: member.id },
        ],
        ['lateBlocked', { dueDate: dayFromToday(-1), status: 'blocked', technologyIds: [techA.id] }],
        ['lateDone', { dueDate: dayFromToday(-5), progress: 100 }],
        ['lateCancelled', { dueDate: dayFromToday(-5), status: 'cancelled' }],
        ['today', { dueDate: dayFromToday(0), tags: ['infra', 'ml'] }],
        ['soon', { dueDate: dayFromToday(3), assigneeId: member.id, technologyIds: [techA.id] }],
        ['later', { dueDate: dayFromToday(20), verdict: 'hold', confidence: 'low' }],
        ['undated', { description: 'needle in the haystack' }],
      ];
      tasks = {};
      for (const [name, body] of specs) {
        tasks[name] = (await createTask(test, listProject.id, owner, {
          title: `Task ${name}`,
          ...body,
        })) as unknown as Task;
      }
    });

    const list = async (query: Record<string, string | string[]>) => {
      const response = await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${listProject.id}/research-tasks`,
        query,
        headers: bearer(owner.token),
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { items: Task[]; nextCursor: string | null };
    };
    const names = (items: Task[]) =>
      items.map((item) => Object.entries(tasks).find(([, task]) => task.id === item.id)?.[0]).sort();

    it('filters by status, assignee, technology, tag, verdict and text', async () => {
      expect(names((await list({ status: ['blocked', 'cancelled'] })).items)).toEqual(['lateBlocked', 'lateCancelled']);
      expect(names((await list({ assigneeId: member.id })).items)).toEqual(['late', 'soon']);
      expect(names((await list({ technologyId: techA.id })).items)).toEqual(['lateBlocked', 'soon']);
      expect(names((await list({ tag: 'INFRA' })).items)).toEqual(['late', 'today']);
      expect(names((await list({ verdict: 'hold' })).items)).toEqual(['later']);
      expect(names((await list({ q: 'haystack' })).items)).toEqual(['undated']);
    });

    it('filters overdue (open and due before today) and due within N days (open, from today)', async () => {
      const overdue = await list({ overdue: 'true' });
      expect(names(overdue.items)).toEqual(['late', 'lateBlocked']);
      expect(overdue.items.every((item) => item.overdue)).toBe(true);
      expect(names((await list({ overdue: 'false' })).items)).toEqual(
        ['lateCancelled', 'lateDone', 'later', 'soon', 'today', 'undated'].sort(),
      );
      expect(names((await list({ dueWithinDays: '0' })).items)).toEqual(['today']);
      expect(names((await list({ dueWithinDays: '7' })).items)).toEqual(['soon', 'today']);
      expect(names((await list({ dueWithinDays: '7', assigneeId: member.id })).items)).toEqual(['soon']);
    });

    it('sorts by due date with undated tasks last in both directions', async () => {
      const ascending = (await list({ sort: 'due' })).items.map((item) => item.dueDate);
      expect(ascending.at(-1)).toBeNull();
      expect(ascending.slice(0, -1)).toEqual([...ascending.slice(0, -1)].sort());
      const descending = (await list({ sort: '-due' })).items.map((item) => item.dueDate);
      expect(descending.at(-1)).toBeNull();
      expect(descending.slice(0, -1)).toEqual([...descending.slice(0, -1)].sort().reverse());
    });

    it('pages through every sort with cursors, each task exactly once and in order', async () => {
      for (const sort of [
        'created',
        '-created',
        'updated',
        '-updated',
        'due',
        '-due',
        'progress',
        '-progress',
        'title',
        '-title',
      ]) {
        const whole = (await list({ sort, limit: '100' })).items.map((item) => item.id);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: Task[]; nextCursor: string | null } = await list({
            sort,
            limit: '3',
            ...(cursor === null ? {} : { cursor }),
          });
          paged.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(paged, sort).toEqual(whole);
        expect(whole).toHaveLength(8);
      }
      const first = await list({ sort: 'due', limit: '2' });
      const mismatched = await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${listProject.id}/research-tasks`,
        query: { sort: 'title', cursor: first.nextCursor! },
        headers: bearer(owner.token),
      });
      expect(mismatched.statusCode).toBe(400);
    });

    it('counts by status and verdict, and lists the first overdue and upcoming tasks', async () => {
      const response = await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${listProject.id}/research-tasks/stats`,
        query: { days: '7', top: '1' },
        headers: bearer(owner.token),
      });
      expect(response.statusCode, response.body).toBe(200);
      const stats = response.json();
      expect(stats.total).toBe(8);
      expect(stats.byStatus).toEqual([
        { status: 'pending', count: 4 },
        { status: 'in_progress', count: 1 },
        { status: 'blocked', count: 1 },
        { status: 'completed', count: 1 },
        { status: 'cancelled', count: 1 },
      ]);
      expect(stats.byVerdict).toEqual([
        { verdict: 'adopt', count: 0 },
        { verdict: 'trial', count: 0 },
        { verdict: 'assess', count: 0 },
        { verdict: 'hold', count: 1 },
      ]);
      expect(stats.overdue.count).toBe(2);
      expect(stats.overdue.items.map((item: Task) => item.id)).toEqual([tasks.late!.id]);
      expect(stats.upcoming).toMatchObject({ days: 7, count: 2 });
      expect(stats.upcoming.items.map((item: Task) => item.id)).toEqual([tasks.today!.id]);
      expect(stats.averageOpenProgress).toBe(5);
    });
  });
});
