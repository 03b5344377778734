/**
 * Event appends across many projects at once (issue #10, "Events at scale"): 50 projects each write, concurrently and
 * without pause, the transaction a module writes through the outbox (the project update: the state change, its audit
 * entry and its event, in one transaction). Measures appended events per second and the latency of one such
 * transaction (pool wait included, as a request would see it) on a fresh PostgreSQL database, in this process.
 */
import { v7 as uuidv7 } from 'uuid';
import { updateProject } from '../src/modules/projects/service.js';
import { projects } from '../src/modules/projects/tables.js';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrator.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { startSequencer } from '../src/platform/events/sequencer.js';
import { sequenceEvents } from '../src/platform/events/store.js';
import type { ProjectScope } from '../src/platform/http/access.js';
import { cpuCount, machineLoad, startCpuMeter } from './lib/cpu.js';
import { createBenchDatabase } from './lib/postgres.js';
import { percentile, round } from './lib/stats.js';

const adminUrl =
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ACTOR = { principal: null, ip: null, requestId: 'bench-events-scale' };
const TARGET_EVENTS_PER_SECOND = 2000;

export interface EventsScaleRow {
  scenario: string;
  /** DATABASE_POOL_MAX of the writing process. */
  poolMax: number;
  writers: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  target: string;
  targetMet: boolean;
  /** Percent of one core: this process (writers), its PostgreSQL backends, and everything else on the machine. */
  cpu: { bench: number; postgres: number | null; other: number } | null;
  /**
   * CPU milliseconds one appended event cost (this process and its PostgreSQL backends), and the events/s those costs
   * allow when the writers have every core to themselves (only meaningful when appends are CPU-bound, not waiting).
   */
  cpuMsPerEvent: number | null;
  idleMachineEventsPerSecond: number | null;
  detail: string;
}

export interface EventsScaleOptions {
  projects: number;
  poolMax: number;
  warmupSeconds: number;
  durationSeconds: number;
}

const DEFAULTS: EventsScaleOptions = { projects: 50, poolMax: 20, warmupSeconds: 2, durationSeconds: 10 };

async function createProjects(db: Database, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => uuidv7());
  await db.system((tx) => tx.insert(projects).values(ids.map((id) => ({ id, slug: `scale-${id}`, name: 'Scale' }))));
  return ids;
}

/** Checks the log the run left: one event per committed transaction, positions 1..n without a hole or a repeat. */
async function checkLog(db: Database, committed: number): Promise<string | undefined> {
  const [row] = await db.session((run) =>
    run('SELECT count(*)::int AS n, count(DISTINCT position)::int AS d, max(position)::int AS top FROM events'),
  );
  const { n, d, top } = row as { n: number; d: number; top: number };
  if (n !== committed) return `${n} events in the log for ${committed} committed transactions`;
  if (d !== n || top !== n) return `positions are not 1..${n} (distinct ${d}, highest ${top})`;
  return undefined;
}

/** Committed events the sequencer has not moved into the log yet. */
async function outboxBacklog(db: Database): Promise<number> {
  const [row] = await db.session((run) => run('SELECT count(*)::int AS n FROM event_outbox'));
  return Number(row?.n ?? 0);
}

export async function eventsAtScale(options: EventsScaleOptions = DEFAULTS): Promise<EventsScaleRow> {
  const database = await createBenchDatabase(adminUrl);
  const db = openPostgres({
    url: database.url,
    poolMax: options.poolMax,
    idleTimeoutMs: 30_000,
    statementTimeoutMs: 60_000,
  });
  try {
    await migrate(db);
    const projectIds = await createProjects(db, options.projects);
    // As in every CommandCenter process: the sequencer moves committed events into the log while writers append.
    const sequencer = startSequencer({ db, logger: console });
    let measuring = false;
    let stopping = false;
    let committed = 0;
    let measuredEvents = 0;
    const latencies: number[] = [];
    const writer = async (projectId: string) => {
      const scope: ProjectScope = {
        projectId,
        actor: { kind: 'user', userId: uuidv7(), isAdmin: false },
        role: 'owner',
      };
      for (let revision = 0; !stopping; revision++) {
        const started = performance.now();
        const counted = measuring;
        await updateProject(db, scope, ACTOR, { description: `revision ${revision}` });
        committed++;
        // A transaction counts when it started and ended inside the measured window.
        if (counted && measuring) {
          latencies.push(performance.now() - started);
          measuredEvents++;
        }
      }
    };
    const writers = projectIds.map(writer);
    await new Promise((resolve) => setTimeout(resolve, options.warmupSeconds * 1000));
    const meter = startCpuMeter(process.pid, await database.backendPids());
    measuring = true;
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, options.durationSeconds * 1000));
    measuring = false;
    const seconds = (performance.now() - started) / 1000;
    const cpu = meter.stop();
    const backlog = await outboxBacklog(db);
    stopping = true;
    await Promise.all(writers);
    await sequencer.stop();
    await db.system(sequenceEvents);
    const problem = await checkLog(db, committed);
    latencies.sort((a, b) => a - b);
    const rate = measuredEvents / seconds;
    const cpuMsPerEvent =
      cpu === null || cpu.postgres === null || measuredEvents === 0
        ? null
        : (((cpu.server + cpu.postgres) / 100) * seconds * 1000) / measuredEvents;
    return {
      scenario: 'event appends, 50 projects',
      poolMax: options.poolMax,
      writers: options.projects,
      eventsPerSecond: Math.round(rate),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      target: `≥ ${TARGET_EVENTS_PER_SECOND.toLocaleString('en')}/s`,
      targetMet: rate >= TARGET_EVENTS_PER_SECOND && problem === undefined,
      cpu:
        cpu === null
          ? null
          : {
              bench: cpu.server,
              postgres: cpu.postgres,
              other: round(Math.max(0, cpu.machine - cpu.server - (cpu.postgres ?? 0))),
            },
      cpuMsPerEvent: cpuMsPerEvent === null ? null : round(cpuMsPerEvent, 2),
      idleMachineEventsPerSecond: cpuMsPerEvent === null ? null : Math.round((cpuCount() * 1000) / cpuMsPerEvent),
      detail:
        `${measuredEvents} events in ${round(seconds, 2)} s after ${options.warmupSeconds} s warm-up, ` +
        `one project update (row + audit entry + event) per transaction, ${options.projects} writers on a pool of ` +
        `${options.poolMax}; ${backlog} events not yet sequenced when the window closed; ` +
        `log ${problem ?? `gap-free, ${committed} positions`}`,
    };
  } finally {
    await db.close();
    await database.drop();
  }
}

export async function runEventsScaleBenchmarks(log: (line: string) => void): Promise<EventsScaleRow[]> {
  const busy = await machineLoad();
  if (busy !== undefined && busy > 20) log(`  the machine is already ${busy}% busy (of one core): figures will be low`);
  const rows: EventsScaleRow[] = [];
  for (const poolMax of [20, 50]) {
    log(`events-scale: 50 projects appending on a pool of ${poolMax}`);
    rows.push(await eventsAtScale({ ...DEFAULTS, poolMax }));
  }
  return rows;
}

export function eventsScaleTable(rows: EventsScaleRow[]): string {
  const lines = [
    '| scenario | writers | pool | events/s | p50 | p99 | target | CPU % (bench / postgres / other) | CPU ms/event | events/s CPU allows idle | detail |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const cpu = row.cpu === null ? '' : `${row.cpu.bench} / ${row.cpu.postgres ?? '?'} / ${row.cpu.other}`;
    lines.push(
      `| ${row.scenario} | ${row.writers} | ${row.poolMax} | ${row.eventsPerSecond} | ${row.p50Ms} ms | ` +
        `${row.p99Ms} ms | ${row.target} ${row.targetMet ? '✓' : '✗'} | ${cpu} | ${row.cpuMsPerEvent ?? ''} | ` +
        `${row.idleMachineEventsPerSecond ?? ''} | ${row.detail} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('events-scale.ts')) {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  process.stdout.write(`${eventsScaleTable(await runEventsScaleBenchmarks(log))}\n`);
}
