import { EventEmitter } from 'node:events';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineJob, JobCancelledError } from '../../src/platform/jobs/catalog.js';
import type { JobRecordView } from '../../src/platform/jobs/jobs.js';
import { bearer, buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { waitFor } from '../helpers/wait.js';

const fastPolicy = {
  retryLimit: 1,
  retryDelaySeconds: 1,
  retryBackoff: false,
  expireInSeconds: 60,
  heartbeatSeconds: 10,
  concurrency: 1,
  batchSize: 4,
};

const countJob = defineJob({
  name: 'test.count',
  description: 'counts to n, reporting progress at each step',
  schema: Type.Object({ to: Type.Integer({ minimum: 1 }) }),
  policy: fastPolicy,
  async run(context) {
    for (let step = 1; step <= context.payload.to; step++)
      await context.progress((step / context.payload.to) * 100, `step ${step}`);
    return { counted: context.payload.to };
  },
});

const failingJob = defineJob({
  name: 'test.failing',
  description: 'always fails',
  schema: Type.Object({}),
  policy: fastPolicy,
  async run() {
    throw new Error('the remote end refused');
  },
});

/** Told (job id, error) when a run of the endless job ends. */
const endlessRuns = new EventEmitter();

/** Reports progress until cancelled; the cancellation reaches it through progress(). */
const endlessJob = defineJob({
  name: 'test.endless',
  description: 'runs until cancelled',
  schema: Type.Object({}),
  policy: fastPolicy,
  async run(context) {
    try {
      for (let tick = 0; ; tick++) {
        await context.progress(tick % 100, `tick ${tick}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } catch (error) {
      endlessRuns.emit('ended', context.jobId, error);
      throw error;
    }
  },
});

describe.each(databaseKinds())('jobs on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let project: { id: string };
  beforeAll(async () => {
    test = await buildTestApp(kind, { runtime: { extraJobs: [countJob, failingJob, endlessJob] } });
    owner = await createUser(test, { name: 'jobowner' });
    project = await createProject(test, owner, 'Jobs');
  });
  afterAll(() => test.close());

  const enqueue = (definition: typeof countJob | typeof failingJob | typeof endlessJob, payload: object) =>
    test.database.db.tenant({ projectId: project.id }, (tx) =>
      test.runtime.jobs.enqueue(
        tx,
        project.id,
        { principal: { kind: 'user', userId: owner.id, isAdmin: false }, ip: null, requestId: 'job-test' },
        definition as never,
        payload as never,
      ),
    );
  const getJob = async (id: string): Promise<JobRecordView> =>
    (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/jobs/${id}`,
        headers: bearer(owner.token),
      })
    ).json();
  const until = (id: string, status: string) =>
    waitFor(
      async () => {
        const job = await getJob(id);
        return job.status === status ? job : undefined;
      },
      20_000,
      `job ${id} to be ${status}`,
    );

  it('runs a job, records progress and result, and announces every change as job.updated', async () => {
    const job = await enqueue(countJob, { to: 3 });
    expect(job).toMatchObject({ status: 'pending', progress: 0, attempts: 0, createdBy: owner.id });
    const done = await until(job.id, 'completed');
    expect(done).toMatchObject({ progress: 100, result: { counted: 3 }, attempts: 1, error: null });
    expect(done.finishedAt).not.toBeNull();
    const events = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/events?type=commandcenter.job.updated.v1&limit=50`,
        headers: bearer(owner.token),
      })
    )
      .json()
      .items.filter((event: { subject: string }) => event.subject === `jobs/${job.id}`);
    const statuses = events.map((event: { data: { status: string } }) => event.data.status).reverse();
    expect(statuses[0]).toBe('pending');
    expect(statuses).toContain('running');
    expect(statuses.at(-1)).toBe('completed');
    expect(events.at(-1).correlationid).toBe('job-test');
  });

  it('retries a failing job by its policy, then fails it with the error, and runs it again on request', async () => {
    const job = await enqueue(failingJob, {});
    const failed = await until(job.id, 'failed');
    expect(failed).toMatchObject({ attempts: 2, error: 'the remote end refused' });
    const retried = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/jobs/${job.id}/retry`,
      headers: bearer(owner.token),
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json().status).toBe('pending');
    const failedAgain = await waitFor(
      async () => {
        const current = await getJob(job.id);
        return current.status === 'failed' && current.attempts === 4 ? current : undefined;
      },
      20_000,
      'the retried job to fail again',
    );
    expect(failedAgain.error).toBe('the remote end refused');
    const notRetryable = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/jobs/${(await enqueue(countJob, { to: 1 })).id}/cancel`,
      headers: bearer(owner.token),
    });
    expect([200, 409]).toContain(notRetryable.statusCode);
  });

  it('cancels a running job, which stops at its next progress report', async () => {
    const job = await enqueue(endlessJob, {});
    await until(job.id, 'running');
    const ended = new Promise<unknown>((resolve) => {
      const listener = (id: string, error: unknown) => {
        if (id !== job.id) return;
        endlessRuns.off('ended', listener);
        resolve(error);
      };
      endlessRuns.on('ended', listener);
    });
    const cancelled = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/jobs/${job.id}/cancel`,
      headers: bearer(owner.token),
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    // The run ends at its next progress report, which throws instead of writing: the record is as the cancel left it.
    expect(await ended).toBeInstanceOf(JobCancelledError);
    expect(await getJob(job.id)).toMatchObject({
      status: 'cancelled',
      progress: cancelled.json().progress,
      updatedAt: cancelled.json().updatedAt,
    });
    const again = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/jobs/${job.id}/cancel`,
      headers: bearer(owner.token),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toMatch(/job-not-cancellable$/);
  });

  it('lists jobs newest first with status and type filters', async () => {
    const listed = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/jobs?status=failed`,
        headers: bearer(owner.token),
      })
    ).json();
    expect(listed.items.length).toBeGreaterThan(0);
    expect(listed.items.every((job: JobRecordView) => job.status === 'failed')).toBe(true);
    const byType = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/jobs?type=test.count&limit=1`,
        headers: bearer(owner.token),
      })
    ).json();
    expect(byType.items).toHaveLength(1);
    expect(byType.items[0].type).toBe('test.count');
    expect(byType.nextCursor).not.toBeNull();
  });

  it('summarizes the period: totals by status and type, success rate, mean run time', async () => {
    // Whatever the earlier cases left, counted from the list so the summary is checked against the records.
    const all = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/jobs?limit=200`,
        headers: bearer(owner.token),
      })
    ).json().items as JobRecordView[];
    const count = (predicate: (job: JobRecordView) => boolean) => all.filter(predicate).length;
    const summary = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project.id}/jobs/summary?days=7`,
        headers: bearer(owner.token),
      })
    ).json();
    expect(summary.total).toBe(all.length);
    expect(summary.byStatus.completed).toBe(count((job) => job.status === 'completed'));
    expect(summary.byStatus.failed).toBe(count((job) => job.status === 'failed'));
    expect(summary.byStatus.failed).toBeGreaterThan(0);
    const completed = summary.byStatus.completed;
    expect(summary.successRate).toBeCloseTo(completed / (completed + summary.byStatus.failed), 3);
    const counting = summary.byType.find((entry: { type: string }) => entry.type === 'test.count');
    expect(counting).toMatchObject({ total: count((job) => job.type === 'test.count'), failed: 0, successRate: 1 });
    expect(counting.meanRunSeconds).toBeGreaterThanOrEqual(0);
    expect(summary.byType.find((entry: { type: string }) => entry.type === 'test.failing')).toMatchObject({
      completed: 0,
      successRate: 0,
    });
    const bad = await test.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${project.id}/jobs/summary?days=0`,
      headers: bearer(owner.token),
    });
    expect(bad.statusCode).toBe(422);
  });
});
