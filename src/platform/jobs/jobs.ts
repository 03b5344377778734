import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { fromDrizzle, fromPglite, type JobResult, type JobWithMetadata, PgBoss } from 'pg-boss';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Tx } from '../db/database.js';
import { appendEvent, appendEvents } from '../events/outbox.js';
import type { ActorContext } from '../http/actor.js';
import { conflict, invalid, notFound } from '../http/problems.js';
import { failureMessage } from '../observability/error-serializer.js';
import { JobCancelledError, type JobDefinition, jobUpdated } from './catalog.js';
import * as store from './store.js';

const BOSS_SCHEMA = 'pgboss';
// pg-boss looks for jobs whose worker stopped heartbeating only this often (default 60 s); with 10 s a killed
// worker's job is running again within about heartbeatSeconds + 10 s + the retry delay.
const SUPERVISION = { superviseIntervalSeconds: 10, monitorIntervalSeconds: 10 } as const;

interface BossPayload {
  recordId: string;
  projectId: string;
}

export function presentJob(row: store.JobRow) {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    progress: row.progress,
    step: row.step,
    payload: row.payload,
    result: row.result ?? null,
    error: row.error,
    attempts: row.attempts,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type JobRecordView = ReturnType<typeof presentJob>;

const SYSTEM_ACTOR: ActorContext = { principal: null, ip: null, requestId: null };

/** The event leaves out the payload: it can be large (a replay names thousands of events) and is in the record. */
function announce(tx: Tx, row: store.JobRow, actor: ActorContext = { ...SYSTEM_ACTOR, requestId: row.correlationId }) {
  const { payload: _payload, ...view } = presentJob(row);
  return appendEvent(tx, row.projectId, actor, jobUpdated, `jobs/${row.id}`, view);
}

/** Announces many records with one append per project and correlation id (one lock, one insert). */
async function announceAll(tx: Tx, rows: store.JobRow[]): Promise<void> {
  const groups = new Map<string, store.JobRow[]>();
  for (const row of rows) {
    const key = `${row.projectId} ${row.correlationId ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    await appendEvents(
      tx,
      first.projectId,
      { ...SYSTEM_ACTOR, requestId: first.correlationId },
      group.map((row) => {
        const { payload: _payload, ...view } = presentJob(row);
        return { definition: jobUpdated, subject: `jobs/${row.id}`, data: view };
      }),
    );
  }
}

type Outcome = store.JobOutcome;

export interface Jobs {
  /** Creates the job's record and its pg-boss job inside the caller's (tenant) transaction. */
  enqueue<S extends TSchema>(
    tx: Tx,
    projectId: string,
    actor: ActorContext,
    definition: JobDefinition<S>,
    payload: Static<S>,
  ): Promise<JobRecordView>;
  /** Many jobs of one type with a few statements (bulk imports, fan-out). */
  enqueueMany<S extends TSchema>(
    tx: Tx,
    projectId: string,
    actor: ActorContext,
    definition: JobDefinition<S>,
    payloads: Static<S>[],
  ): Promise<JobRecordView[]>;
  cancel(projectId: string, actor: ActorContext, jobId: string): Promise<JobRecordView>;
  retry(projectId: string, actor: ActorContext, jobId: string): Promise<JobRecordView>;
  /** Starts fetching and running jobs in this process (the worker role). */
  work(): Promise<void>;
  stop(): Promise<void>;
}

export interface JobsOptions {
  db: Database;
  definitions: JobDefinition[];
  logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** How often idle workers look for jobs, in seconds (pg-boss minimum 0.5). */
  pollingIntervalSeconds?: number;
}

/**
 * pg-boss carries delivery: claiming with SKIP LOCKED, retries with backoff, expiry and heartbeats; a killed
 * worker's job is claimed again. Our job record carries what people see. pg-boss's schema lives beside ours and
 * is created by pg-boss itself at start.
 */
export async function startJobs(options: JobsOptions): Promise<Jobs> {
  const { db, logger } = options;
  const definitions = new Map(options.definitions.map((definition) => [definition.name, definition]));
  const boss =
    db.native.kind === 'embedded'
      ? new PgBoss({ db: fromPglite(db.native.client), schema: BOSS_SCHEMA, ...SUPERVISION })
      : new PgBoss({
          connectionString: db.native.url,
          max: 4,
          schema: BOSS_SCHEMA,
          useListenNotify: true,
          ...SUPERVISION,
        });
  boss.on('error', (error: Error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  // Tenant transactions enqueue jobs (pg-boss's tables) as cc_app; they need rights there too.
  await db.session((run) =>
    run(`GRANT USAGE ON SCHEMA ${BOSS_SCHEMA} TO cc_app, cc_system;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${BOSS_SCHEMA} TO cc_app, cc_system;
      GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${BOSS_SCHEMA} TO cc_app, cc_system;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${BOSS_SCHEMA} TO cc_app, cc_system;
      ALTER DEFAULT PRIVILEGES IN SCHEMA ${BOSS_SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cc_app, cc_system;`),
  );
  for (const definition of definitions.values()) {
    const queue = {
      retryLimit: definition.policy.retryLimit,
      retryDelay: definition.policy.retryDelaySeconds,
      retryBackoff: definition.policy.retryBackoff,
      expireInSeconds: definition.policy.expireInSeconds,
      heartbeatSeconds: definition.policy.heartbeatSeconds,
      notify: true,
    };
    if ((await boss.getQueue(definition.name)) === null) await boss.createQueue(definition.name, queue);
    else await boss.updateQueue(definition.name, queue);
  }

  const send = (tx: Tx, name: string, payload: BossPayload) =>
    boss.send(name, payload as unknown as object, { db: fromDrizzle(tx as never, sql as never) });

  /** Runs one attempt; the outcome is written by the batch (undefined: cancelled, nothing to write). */
  async function runOne(
    definition: JobDefinition,
    job: JobWithMetadata<BossPayload>,
    record: store.JobRow,
  ): Promise<{ job: JobWithMetadata<BossPayload>; record: store.JobRow; outcome: Outcome | undefined }> {
    const finalAttempt = job.retryCount >= job.retryLimit;
    let lastReport = 0;
    const context = {
      payload: record.payload,
      jobId: record.id,
      projectId: record.projectId,
      attempt: record.attempts,
      createdBy: record.createdBy,
      correlationId: record.correlationId,
      db,
      signal: job.signal,
      async progress(percent: number, step?: string) {
        const now = Date.now();
        // Progress is for people: at most four writes a second, and always the end.
        if (percent < 100 && now - lastReport < 250) return;
        lastReport = now;
        const updated = await db.system(async (tx) => {
          const row = await store.recordProgress(
            tx,
            record.id,
            Math.max(0, Math.min(100, Math.round(percent))),
            step ?? null,
          );
          if (row !== undefined) await announce(tx, row);
          return row;
        });
        if (updated === undefined) throw new JobCancelledError();
      },
    };
    try {
      const result = await definition.run(context as never);
      return { job, record, outcome: { status: 'completed', result: result ?? null, progress: 100 } };
    } catch (error) {
      if (
        error instanceof JobCancelledError ||
        (await db.system((tx) => store.jobStatus(tx, record.id))) === 'cancelled'
      ) {
        return { job, record, outcome: undefined };
      }
      const message = failureMessage(error).slice(0, 4000);
      logger.warn(
        { err: error, job: definition.name, jobId: record.id, attempt: record.attempts },
        'job attempt failed',
      );
      return { job, record, outcome: { status: finalAttempt ? 'failed' : 'pending', error: message } };
    }
  }

  /**
   * One batch: mark every claimed job running in one statement, run the handlers side by side, then write every
   * outcome and its event in one transaction. A crash in between re-runs the batch (handlers are idempotent).
   */
  async function runBatch(definition: JobDefinition, jobs: JobWithMetadata<BossPayload>[]): Promise<JobResult[]> {
    const records = await db.system(async (tx) => {
      const rows = await store.startAttempts(
        tx,
        jobs.map((job) => job.data.recordId),
      );
      await announceAll(tx, rows);
      return new Map(rows.map((row) => [row.id, row]));
    });
    const attempts = await Promise.all(
      jobs.map((job) => {
        const record = records.get(job.data.recordId);
        // Cancelled (or already finished) before it ran: nothing to do, and nothing to retry.
        return record === undefined ? { job, record: undefined, outcome: undefined } : runOne(definition, job, record);
      }),
    );
    // Attempts with the same outcome (typically: completed, no result) are written by one statement.
    const byOutcome = new Map<string, { outcome: store.JobOutcome; ids: string[] }>();
    for (const attempt of attempts) {
      if (attempt.record === undefined || attempt.outcome === undefined) continue;
      const key = JSON.stringify(attempt.outcome);
      const group = byOutcome.get(key) ?? { outcome: attempt.outcome, ids: [] };
      group.ids.push(attempt.record.id);
      byOutcome.set(key, group);
    }
    await db.system(async (tx) => {
      const settled: store.JobRow[] = [];
      for (const group of byOutcome.values()) settled.push(...(await store.settleJobs(tx, group.ids, group.outcome)));
      await announceAll(tx, settled);
    });
    return attempts.map(({ job, outcome }) =>
      outcome?.status === 'failed' || outcome?.status === 'pending'
        ? { id: job.id, status: 'failed' as const, output: { error: outcome.error } }
        : { id: job.id, status: 'completed' as const, output: { cancelledOrSkipped: outcome === undefined } },
    );
  }

  const enqueueMany: Jobs['enqueueMany'] = async (tx, projectId, actor, definition, payloads) => {
    if (!definitions.has(definition.name)) throw new Error(`job ${definition.name} is not registered`);
    payloads.forEach((payload, index) => {
      if (!Value.Check(definition.schema, payload)) {
        throw invalid([{ pointer: `/body/${index}`, detail: `payload does not match job ${definition.name}` }]);
      }
    });
    // The first pg-boss job of a record takes the record's id, so one statement creates each side.
    const rows = await store.insertJobRecords(
      tx,
      payloads.map((payload) => {
        const id = uuidv7();
        return {
          id,
          projectId,
          type: definition.name,
          status: 'pending' as const,
          payload: payload as Record<string, unknown>,
          createdBy: actor.principal?.userId ?? null,
          correlationId: actor.requestId,
          bossJobId: id,
        };
      }),
    );
    await boss.insert(
      definition.name,
      rows.map((row) => ({ id: row.id, data: { recordId: row.id, projectId } })),
      { db: fromDrizzle(tx as never, sql as never) },
    );
    await announceAll(tx, rows);
    return rows.map(presentJob);
  };

  return {
    async enqueue(tx, projectId, actor, definition, payload) {
      const [job] = await enqueueMany(tx, projectId, actor, definition, [payload]);
      return job!;
    },

    enqueueMany,

    async cancel(projectId, actor, jobId) {
      const row = await db.tenant({ projectId }, async (tx) => {
        const cancelled = await store.cancelJobRecord(tx, projectId, jobId);
        if (cancelled === undefined) {
          const existing = await store.findJobRecord(tx, projectId, jobId);
          if (existing === undefined) throw notFound('Job');
          throw conflict(
            `The job is ${existing.status}; only pending or running jobs can be cancelled.`,
            'job-not-cancellable',
          );
        }
        await announce(tx, cancelled, actor);
        return cancelled;
      });
      // A running attempt learns it at its next progress report (or via the abort signal pg-boss raises).
      if (row.bossJobId !== null) await boss.cancel(row.type, row.bossJobId).catch(() => undefined);
      return presentJob(row);
    },

    async retry(projectId, actor, jobId) {
      return db.tenant({ projectId }, async (tx) => {
        const existing = await store.findJobRecord(tx, projectId, jobId);
        if (existing === undefined) throw notFound('Job');
        if (!definitions.has(existing.type))
          throw conflict(`Jobs of type ${existing.type} no longer exist.`, 'job-type-unknown');
        if (existing.status !== 'failed' && existing.status !== 'cancelled') {
          throw conflict(
            `The job is ${existing.status}; only failed or cancelled jobs can be retried.`,
            'job-not-retryable',
          );
        }
        const bossJobId = await send(tx, existing.type, { recordId: existing.id, projectId });
        const row = await store.requeueJobRecord(tx, projectId, jobId, bossJobId ?? existing.id);
        if (row === undefined) throw conflict('The job changed meanwhile; reload and try again.', 'job-changed');
        await announce(tx, row, actor);
        return presentJob(row);
      });
    },

    async work() {
      for (const definition of definitions.values()) {
        await boss.work<BossPayload>(
          definition.name,
          {
            batchSize: definition.policy.batchSize,
            burstWhenBatchFull: definition.policy.batchSize > 1,
            localConcurrency: definition.policy.concurrency,
            pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
            // NOTIFY wakes workers for new jobs, but not when a retry's delay runs out: keep polling often.
            notifyPollingIntervalSeconds: Math.max(1, (options.pollingIntervalSeconds ?? 2) * 2),
            includeMetadata: true,
            perJobResults: true,
          },
          (jobs) => runBatch(definition, jobs as JobWithMetadata<BossPayload>[]),
        );
      }
    },

    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
