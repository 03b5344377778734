import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
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
import { createTask, createTechnology, dayFromToday, proposableTaskFixture } from '../helpers/research.js';

/** The statements run on behalf of one request (see the last test): counted in its async context only. */
const requestStatements = new AsyncLocalStorage<{ calls: number }>();
function countStatements<T extends object>(prototype: T, method: keyof T): () => void {
  const original = prototype[method] as (...args: unknown[]) => unknown;
  prototype[method] = function (this: unknown, ...args: unknown[]) {
    const counter = requestStatements.getStore();
    if (counter !== undefined) counter.calls += 1;
    return original.apply(this, args);
  } as T[keyof T];
  return () => {
    prototype[method] = original as T[keyof T];
  };
}

const restoreDrivers = [
  countStatements(PGlite.prototype, 'execProtocolStream'),
  countStatements(pg.Client.prototype, 'query'),
];
afterAll(() => {
  for (const restore of restoreDrivers) restore();
});

describe.each(databaseKinds())('project dashboard on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let viewer: TestUser;
  let project: { id: string };
  let overdue: { id: string };
  let upcoming: { id: string };
  let proposalTask: string;

  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'owner' });
    viewer = await createUser(test, { name: 'viewer' });
    project = await createProject(test, owner, 'Dashboard');
    await addMember(test, project.id, owner, viewer, 'viewer');
    await createTechnology(test, project.id, owner, 'Rust', {
      priority: 5,
      domain: 'languages',
      status: 'evaluation',
      placement: { quadrantId: 'languages-and-frameworks', ringId: 'trial' },
    });
    await createTechnology(test, project.id, owner, 'Go', {
      priority: 2,
      domain: 'languages',
      placement: { quadrantId: 'languages-and-frameworks', ringId: 'adopt' },
    });
    await createTechnology(test, project.id, owner, 'Nomad', { priority: 1, domain: 'platforms' });
    overdue = await createTask(test, project.id, owner, { title: 'Late', dueDate: dayFromToday(-2) });
    upcoming = await createTask(test, project.id, owner, { title: 'Soon', dueDate: dayFromToday(2) });
    await createTask(test, project.id, owner, { title: 'Far', dueDate: dayFromToday(60) });
    await createTask(test, project.id, owner, { title: 'Done late', dueDate: dayFromToday(-9), progress: 100 });
    const { taskId } = await proposableTaskFixture(test, project.id, owner);
    proposalTask = taskId;
    const proposed = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/research-tasks/${taskId}/propose`,
      headers: bearer(owner.token),
      payload: {},
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
  });
  afterAll(() => test.close());

  const read = (query: Record<string, string> = {}) =>
    test.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${project.id}/dashboard`,
      query,
      headers: bearer(viewer.token),
    });

  it('answers radar counts, high-priority technologies and open proposals from the radar module', async () => {
    const response = await read();
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json();
    const rings = Object.fromEntries(
      dashboard.countsByRing.map((entry: { ring: string; count: number }) => [entry.ring, entry.count]),
    );
    expect(rings).toMatchObject({ Trial: 1, Adopt: 1, Assess: 1 });
    expect(dashboard.countsByDomain).toEqual(
      expect.arrayContaining([
        { domain: 'languages', count: 2 },
        { domain: 'platforms', count: 1 },
      ]),
    );
    expect(dashboard.countsByStatus.reduce((sum: number, entry: { count: number }) => sum + entry.count, 0)).toBe(4);
    expect(dashboard.highPriority.map((technology: { title: string }) => technology.title)).toContain('Rust');
    expect(dashboard.openProposals).toHaveLength(1);
    expect(dashboard.openProposals[0].researchTaskIds).toEqual([proposalTask]);
    expect(Array.isArray(dashboard.movementSinceLastVolume)).toBe(true);
    expect(Date.parse(dashboard.generatedAt)).not.toBeNaN();
  });

  it('lists overdue and upcoming open research tasks with counts, within the asked window', async () => {
    const week = (await read()).json().research;
    expect(week.overdue).toMatchObject({ count: 1, items: [{ id: overdue.id, title: 'Late' }] });
    expect(week.upcoming).toMatchObject({ days: 7, count: 1, items: [{ id: upcoming.id, title: 'Soon' }] });
    const quarter = (await read({ days: '90', top: '0' })).json().research;
    expect(quarter.upcoming).toEqual({ days: 90, count: 2, items: [] });
  });

  it('shows recent activity newest first, without job progress noise', async () => {
    const dashboard = (await read({ activity: '5' })).json();
    expect(dashboard.recentActivity).toHaveLength(5);
    const sequences = dashboard.recentActivity.map((event: { sequence: number }) => event.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    expect(dashboard.recentActivity[0].type).toMatch(/^commandcenter\.proposal\.created\.v1$|proposal/);
    expect(dashboard.recentActivity.some((event: { type: string }) => event.type.includes('job.updated'))).toBe(false);
    expect((await read({ activity: '0' })).json().recentActivity).toEqual([]);
  });

  it('reads in as many statements with twice the data (no query per row)', async () => {
    // Counted at the driver (PGlite's protocol calls, pg's queries) for what this request does, whatever else runs.
    const statementsOfOneRead = async () => {
      const counter = { calls: 0 };
      const response = await requestStatements.run(counter, async () => await read());
      expect(response.statusCode).toBe(200);
      return counter.calls;
    };
    const before = await statementsOfOneRead();
    expect(before).toBeGreaterThan(0);
    for (const [index, ringId] of ['trial', 'assess', 'hold'].entries()) {
      await createTechnology(test, project.id, owner, `More ${index}`, {
        priority: 5,
        domain: `domain-${index}`,
        placement: { quadrantId: 'tools', ringId },
      });
      await createTask(test, project.id, owner, { title: `Late ${index}`, dueDate: dayFromToday(-1 - index) });
      await createTask(test, project.id, owner, { title: `Soon ${index}`, dueDate: dayFromToday(1 + index) });
    }
    expect(await statementsOfOneRead()).toBe(before);
  });
});
