/**
 * Events and jobs throughput and latency, measured in this process against real engines (issue: "outbox →
 * subscriber latency p50/p99 in-process and through NATS, events/s through the NATS relay, no-op jobs/s end to end
 * on PostgreSQL"). Each case gets a fresh database; nothing here goes over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { projectUpdated } from '../src/modules/projects/events.js';
import { projects } from '../src/modules/projects/tables.js';
import type { Database } from '../src/platform/db/database.js';
import { openEmbedded } from '../src/platform/db/embedded.js';
import { instanceId } from '../src/platform/db/instance.js';
import { migrate } from '../src/platform/db/migrator.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { natsNames } from '../src/platform/events/nats.js';
import { appendEvents, type PendingEvent } from '../src/platform/events/outbox.js';
import { sequenceEvents } from '../src/platform/events/store.js';
import type { Subscriber } from '../src/platform/events/subscribers.js';
import { defineJob } from '../src/platform/jobs/catalog.js';
import { startRuntime } from '../src/runtime.js';
import { percentile, round } from './lib/stats.js';

const adminUrl =
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.BENCH_NATS_URL ?? process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const quiet = { info() {}, warn() {}, error: (...args: unknown[]) => console.error(...args) };
const ACTOR = { principal: null, ip: null, requestId: 'bench' };

export interface EventsJobsRow {
  scenario: string;
  database: 'pglite' | 'postgres';
  transport: string;
  figure: string;
  value: number;
  unit: string;
  target?: string;
  targetMet?: boolean;
  detail: string;
}

interface BenchDatabase {
  db: Database;
  drop(): Promise<void>;
}

async function freshDatabase(kind: 'pglite' | 'postgres'): Promise<BenchDatabase> {
  if (kind === 'pglite') {
    const db = await openEmbedded(undefined);
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const name = `cc_bench_ev_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openPostgres({ url: url.href, poolMax: 10, idleTimeoutMs: 10_000, statementTimeoutMs: 60_000 });
  await migrate(db);
  return {
    db,
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

async function createProject(db: Database): Promise<string> {
  const id = uuidv7();
  await db.system((tx) => tx.insert(projects).values({ id, slug: `bench-${id}`, name: 'Bench' }));
  return id;
}

function pendingUpdates(projectId: string, count: number): PendingEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    definition: projectUpdated,
    subject: `projects/${projectId}`,
    data: { id: projectId, slug: 'bench', name: 'Bench', description: `revision ${index}`, changed: ['description'] },
  }));
}

/** Commit → handler latency: one event per transaction, spaced out, each timed from just after COMMIT. */
async function latency(kind: 'pglite' | 'postgres', withNats: boolean, count: number): Promise<EventsJobsRow[]> {
  const database = await freshDatabase(kind);
  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  const arrivedFirst = new Set<string>();
  let resolveAll: () => void = () => undefined;
  const allSeen = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  const probe: Subscriber = {
    name: 'bench-latency',
    types: [projectUpdated.type],
    async handle(event) {
      const committed = committedAt.get(event.id);
      // The handler can run before the appending code gets its turn after COMMIT: that counts as no delay.
      if (committed === undefined) arrivedFirst.add(event.id);
      else latencies.push(performance.now() - committed);
      if (latencies.length + arrivedFirst.size >= count) resolveAll();
    },
  };
  let nats: NatsConnection | undefined;
  if (withNats) nats = await connectNats({ servers: natsUrl, name: 'cc-bench' });
  const runtime = await startRuntime({ db: database.db, logger: quiet, roles: ['worker'], subscribers: [probe], nats });
  try {
    const projectId = await createProject(database.db);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let index = 0; index < count; index++) {
      const [id] = await database.db.tenant({ projectId }, (tx) =>
        appendEvents(tx, projectId, ACTOR, pendingUpdates(projectId, 1)),
      );
      if (arrivedFirst.has(id!)) latencies.push(0);
      else committedAt.set(id!, performance.now());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.race([allSeen, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  } finally {
    await runtime.stop();
    if (nats !== undefined) {
      const names = natsNames(await instanceId(database.db));
      await (await jetstreamManager(nats)).streams.delete(names.stream).catch(() => undefined);
      await nats.close();
    }
    await database.drop();
  }
  latencies.sort((a, b) => a - b);
  const transport = withNats ? 'NATS JetStream (relay + durable consumer)' : 'in-process dispatcher';
  const detail = `${latencies.length}/${count} events, one per transaction, 5 ms apart`;
  return [
    {
      scenario: 'outbox → subscriber latency',
      database: kind,
      transport,
      figure: 'p50',
      value: round(percentile(latencies, 50)),
      unit: 'ms',
      detail,
    },
    {
      scenario: 'outbox → subscriber latency',
      database: kind,
      transport,
      figure: 'p99',
      value: round(percentile(latencies, 99)),
      unit: 'ms',
      detail,
    },
  ];
}

/** Relay throughput: a pre-filled outbox drained into JetStream, timed until the stream holds every event. */
async function relayThroughput(count: number): Promise<EventsJobsRow> {
  const database = await freshDatabase('postgres');
  const nats = await connectNats({ servers: natsUrl, name: 'cc-bench' });
  const names = natsNames(await instanceId(database.db));
  try {
    const projectId = await createProject(database.db);
    for (let written = 0; written < count; written += 500) {
      await database.db.tenant({ projectId }, (tx) =>
        appendEvents(tx, projectId, ACTOR, pendingUpdates(projectId, Math.min(500, count - written))),
      );
    }
    // In the log already, as a backlog the relay finds on start (no sequencer runs until the runtime starts).
    await database.db.system(sequenceEvents);
    const started = performance.now();
    const runtime = await startRuntime({ db: database.db, logger: quiet, roles: ['worker'], subscribers: [], nats });
    const manager = await jetstreamManager(nats);
    let published = 0;
    while (published < count && performance.now() - started < 120_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      published = await manager.streams.info(names.stream).then(
        (info) => info.state.messages,
        () => 0,
      );
    }
    const seconds = (performance.now() - started) / 1000;
    await runtime.stop();
    const rate = published / seconds;
    return {
      scenario: 'NATS relay throughput',
      database: 'postgres',
      transport: 'outbox → JetStream (Nats-Msg-Id dedupe)',
      figure: 'events/s',
      value: Math.round(rate),
      unit: 'events/s',
      target: '≥ 2,000/s',
      targetMet: rate >= 2000,
      detail: `${published}/${count} events from a pre-filled outbox in ${round(seconds, 2)} s (includes runtime start)`,
    };
  } finally {
    await (await jetstreamManager(nats)).streams.delete(names.stream).catch(() => undefined);
    await nats.close();
    await database.drop();
  }
}

/** No-op jobs end to end: records + pg-boss jobs enqueued in batches, timed until every record is completed. */
async function jobThroughput(kind: 'pglite' | 'postgres', count: number): Promise<EventsJobsRow> {
  const database = await freshDatabase(kind);
  const noop = defineJob({
    name: 'bench.noop',
    description: 'does nothing',
    schema: Type.Object({ index: Type.Integer() }),
    policy: {
      retryLimit: 0,
      retryDelaySeconds: 1,
      retryBackoff: false,
      expireInSeconds: 60,
      heartbeatSeconds: 30,
      concurrency: 2,
      batchSize: 100,
    },
    async run() {
      return undefined;
    },
  });
  const runtime = await startRuntime({
    db: database.db,
    logger: quiet,
    roles: ['worker'],
    subscribers: [],
    extraJobs: [noop],
    jobPollingIntervalSeconds: 0.5,
  });
  try {
    const projectId = await createProject(database.db);
    const started = performance.now();
    for (let queued = 0; queued < count; queued += 100) {
      const payloads = Array.from({ length: Math.min(100, count - queued) }, (_, offset) => ({
        index: queued + offset,
      }));
      await database.db.tenant({ projectId }, (tx) => runtime.jobs.enqueueMany(tx, projectId, ACTOR, noop, payloads));
    }
    const enqueueSeconds = (performance.now() - started) / 1000;
    let completed = 0;
    while (completed < count && performance.now() - started < 180_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const rows = await database.db.tenant({ projectId }, (tx) =>
        tx.execute(`SELECT count(*)::int AS done FROM job_records WHERE status = 'completed'` as never),
      );
      completed = Number((rows as unknown as { rows: Array<{ done: number }> }).rows[0]?.done ?? 0);
    }
    const seconds = (performance.now() - started) / 1000;
    const rate = completed / seconds;
    return {
      scenario: 'no-op jobs end to end',
      database: kind,
      transport: 'pg-boss (batch 100, burst, 2 fetch loops) + job records + job.updated events',
      figure: 'jobs/s',
      value: Math.round(rate),
      unit: 'jobs/s',
      ...(kind === 'postgres' ? { target: '≥ 1,000/s', targetMet: rate >= 1000 } : {}),
      detail: `${completed}/${count} jobs: enqueue (100 per transaction) took ${round(enqueueSeconds, 2)} s, all completed after ${round(seconds, 2)} s`,
    };
  } finally {
    await runtime.stop();
    await database.drop();
  }
}

export async function runEventsJobsBenchmarks(log: (line: string) => void): Promise<EventsJobsRow[]> {
  const rows: EventsJobsRow[] = [];
  for (const kind of ['pglite', 'postgres'] as const) {
    log(`events: in-process latency on ${kind}`);
    rows.push(...(await latency(kind, false, 300)));
  }
  log('events: latency through NATS on postgres');
  rows.push(...(await latency('postgres', true, 300)));
  log('events: NATS relay throughput');
  rows.push(await relayThroughput(20_000));
  for (const kind of ['postgres', 'pglite'] as const) {
    log(`jobs: no-op throughput on ${kind}`);
    rows.push(await jobThroughput(kind, kind === 'postgres' ? 5000 : 2000));
  }
  return rows;
}

export function eventsJobsTable(rows: EventsJobsRow[]): string {
  const lines = [
    '| scenario | database | transport | figure | value | target | detail |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const target = row.target === undefined ? '' : `${row.target} ${row.targetMet ? '✓' : '✗'}`;
    lines.push(
      `| ${row.scenario} | ${row.database} | ${row.transport} | ${row.figure} | ${row.value} ${row.unit} | ${target} | ${row.detail} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('events-jobs.ts')) {
  const only = process.argv.includes('--jobs-only');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const rows = only ? [await jobThroughput('postgres', 5000)] : await runEventsJobsBenchmarks(log);
  process.stdout.write(`${eventsJobsTable(rows)}\n`);
}
