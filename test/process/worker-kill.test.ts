import { afterAll, describe, expect, it } from 'vitest';
import { projectUpdated } from '../../src/modules/projects/events.js';
import type { Database } from '../../src/platform/db/database.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { appendEvents, type PendingEvent } from '../../src/platform/events/outbox.js';
import { CLI_ACTOR } from '../../src/platform/http/actor.js';
import {
  cleanupNode,
  createScratchDatabase,
  type Node,
  type ScratchDatabase,
  sigkill,
  sleep,
  startNode,
} from '../helpers/chaos.js';
import { http, killAll, setupAdmin } from '../helpers/process.js';
import { requireService } from '../helpers/services.js';

/**
 * A job attempt that dies with its process (SIGKILL: no handler runs, nothing is settled) is claimed again by
 * another worker and completes, and an idempotent job (events.replay) applies each event exactly once overall.
 * No NATS here: the workers use the in-process dispatcher on PostgreSQL.
 */

const postgresUrl = requireService('postgres');
const EVENTS = 2000;
const BATCH = 200;

interface JobView {
  id: string;
  status: string;
  progress: number;
  step: string | null;
  attempts: number;
  result: { applied: number; skipped: number; missing: number } | null;
  error: string | null;
}

async function projectCounts(db: ScratchDatabase, projectId: string) {
  const [row] = await db.query<{ events: string; processed: string; counted: string | null; updated: string | null }>(
    `SELECT (SELECT count(*) FROM events WHERE project_id = $1) AS events,
            (SELECT count(*) FROM processed_events WHERE project_id = $1 AND subscriber = 'event-stats') AS processed,
            (SELECT sum(count) FROM event_stats WHERE project_id = $1) AS counted,
            (SELECT sum(count) FROM event_stats
              WHERE project_id = $1 AND type = 'commandcenter.project.updated.v1') AS updated`,
    [projectId],
  );
  return {
    events: Number(row!.events),
    processed: Number(row!.processed),
    counted: Number(row!.counted ?? 0),
    updated: Number(row!.updated ?? 0),
  };
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

describe.skipIf(postgresUrl === undefined)('a worker killed mid-job', () => {
  let scratch: ScratchDatabase | undefined;
  let writer: Database | undefined;
  const nodes: Node[] = [];
  afterAll(async () => {
    await killAll();
    for (const node of nodes) cleanupNode(node);
    await writer?.close();
    await scratch?.drop();
  });

  it('SIGKILL of the worker running events.replay: the job runs again on another worker and completes, exactly once', {
    timeout: 180_000,
  }, async () => {
    const begun = Date.now();
    scratch = await createScratchDatabase(postgresUrl!, 'cc_wkill');
    const env = { DATABASE_URL: scratch.url };
    const api = await startNode('P', 'api', env);
    nodes.push(api);
    const token = await setupAdmin({ process: api.process, url: api.url!, port: 0, setupToken: api.setupToken });
    const created = await http('POST', `${api.url}/api/v1/projects`, {
      token,
      body: { name: 'Replay chaos', slug: `replay-chaos-${Date.now()}` },
    });
    expect(created.status).toBe(201);
    const project = created.json<{ id: string; slug: string; name: string }>();
    const w1 = await startNode('W1', 'worker', env);
    nodes.push(w1);

    // Many events, written through the product's own outbox (as the API would, in tenant transactions).
    writer = openPostgres({ url: scratch.url, poolMax: 2, idleTimeoutMs: 10_000, statementTimeoutMs: 30_000 });
    for (let offset = 0; offset < EVENTS; offset += BATCH) {
      const pending: PendingEvent[] = Array.from({ length: Math.min(BATCH, EVENTS - offset) }, (_, index) => ({
        definition: projectUpdated,
        subject: `projects/${project.id}`,
        data: {
          id: project.id,
          slug: project.slug,
          name: project.name,
          description: `bulk ${offset + index}`,
          changed: ['description'],
        },
      }));
      await writer.tenant({ projectId: project.id }, (tx) => appendEvents(tx, project.id, CLI_ACTOR, pending));
    }
    // W1's dispatcher counts them all once. They reach the log after commit, as a sequencer moves them (ADR 0040):
    // until all of them are there, the log and the counts can agree on a part.
    const before = await until('event-stats to count every event', 60_000, async () => {
      const now = await projectCounts(scratch!, project.id);
      return now.updated === EVENTS && now.counted === now.events && now.processed === now.events ? now : undefined;
    });
    expect(before.updated).toBe(EVENTS);
    const preparedMs = Date.now() - begun;

    const replayed = (
      await scratch.query<{ id: string }>('SELECT id FROM events WHERE project_id = $1 ORDER BY position', [project.id])
    ).map((row) => row.id);
    const enqueued = await http('POST', `${api.url}/api/v1/projects/${project.id}/events/replay`, {
      token,
      body: { subscriber: 'event-stats', eventIds: replayed },
    });
    expect(enqueued.status, enqueued.body).toBe(202);
    const jobId = enqueued.json<{ id: string }>().id;
    const readJob = async () => {
      const response = await http('GET', `${api.url}/api/v1/projects/${project.id}/jobs/${jobId}`, { token });
      expect(response.status, response.body).toBe(200);
      return response.json<JobView>();
    };

    const enqueuedAt = Date.now();
    const running = await until('the first attempt to pass 10%', 60_000, async () => {
      const job = await readJob();
      return job.status === 'running' && job.progress > 10 ? job : undefined;
    });
    await sigkill(w1);
    const killedAt = Date.now();
    const atKill = await projectCounts(scratch, project.id);
    const w2 = await startNode('W2', 'worker', env);
    nodes.push(w2);

    const retried = await until('a second attempt', 150_000, async () => {
      const job = await readJob();
      return job.attempts >= 2 ? job : undefined;
    });
    const retriedAt = Date.now();
    const finished = await until('the job to finish', 150_000, async () => {
      const job = await readJob();
      return job.status === 'completed' || job.status === 'failed' ? job : undefined;
    });
    const finishedAt = Date.now();
    expect(finished.status, finished.error ?? '').toBe('completed');
    expect(finished.attempts).toBeGreaterThanOrEqual(2);
    expect(finished.progress).toBe(100);
    // The last attempt saw every event: those the killed attempt had re-applied are skipped (their keys exist).
    expect(finished.result).not.toBeNull();
    expect(finished.result!.applied + finished.result!.skipped).toBe(replayed.length);
    expect(finished.result!.missing).toBe(0);
    expect(finished.result!.skipped).toBeGreaterThan(0);

    // W2's dispatcher also counts the job's own job.updated events; wait for it to catch up.
    const after = await until('the dispatcher to settle', 60_000, async () => {
      const now = await projectCounts(scratch!, project.id);
      return now.processed === now.events && now.counted === now.events + replayed.length ? now : undefined;
    });
    // One idempotency key per event, for exactly the project's events.
    const missingKeys = await scratch.query(
      `SELECT e.id FROM events e
        LEFT JOIN processed_events p ON p.event_id = e.id AND p.subscriber = 'event-stats'
        WHERE e.project_id = $1 AND p.event_id IS NULL`,
      [project.id],
    );
    expect(missingKeys).toEqual([]);
    expect(after.processed).toBe(after.events);
    // Original count plus exactly one replay of each replayed event: nothing applied twice.
    expect(after.updated).toBe(2 * EVENTS);
    expect(after.counted).toBe(after.events + replayed.length);
    expect(await scratch.query('SELECT 1 FROM event_dead_letters')).toEqual([]);

    const jobEvents = await scratch.query<{ count: string; bytes: string }>(
      `SELECT count(*) AS count, coalesce(sum(pg_column_size(data)), 0) AS bytes
         FROM events WHERE project_id = $1 AND type = 'commandcenter.job.updated.v1'`,
      [project.id],
    );
    process.stdout.write(
      `worker-kill figures ${JSON.stringify({
        eventsReplayed: replayed.length,
        progressAtKill: running.progress,
        stepAtKill: running.step,
        updatesReappliedBeforeKill: atKill.updated - EVENTS,
        result: finished.result,
        attempts: finished.attempts,
        secondAttemptProgressWhenSeen: retried.progress,
        preparedMs,
        enqueueToKillMs: killedAt - enqueuedAt,
        killToSecondAttemptMs: retriedAt - killedAt,
        killToCompletedMs: finishedAt - killedAt,
        jobUpdatedEvents: Number(jobEvents[0]!.count),
        jobUpdatedEventBytes: Number(jobEvents[0]!.bytes),
      })}\n`,
    );
  });
});
