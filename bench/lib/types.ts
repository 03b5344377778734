/** What every benchmark scenario module exports and returns; run.ts only knows these shapes. */

export interface BenchOptions {
  /** Concurrent HTTP connections held open by the load generator. */
  connections: number;
  /** Measured seconds per row. */
  durationSeconds: number;
  /** Seconds of load before each measurement whose figures are thrown away (JIT, pool, caches). */
  warmupSeconds: number;
  /** How many times each scenario runs; each row reports the median quiet repetition (see report.ts). */
  repeat: number;
  /** DATABASE_POOL_MAX given to the server under test on PostgreSQL. */
  poolMax: number;
  /** Which databases to run database-backed scenarios on. */
  databases: DatabaseName[];
  /** PostgreSQL URL of a user that may CREATE DATABASE; a fresh database is made from it per scenario. */
  postgresAdminUrl: string;
  /** How the CommandCenter server is started: the compiled build (`node dist/src/main.js`) or tsx from src/. */
  serverMode: 'dist' | 'tsx';
  /**
   * Set by --diagnose: CPU profiles of the server processes go here, and the servers count their database round
   * trips. Both slow the server down, so diagnosed figures are not the headline ones.
   */
  diagnoseDir: string | undefined;
}

export type DatabaseName = 'pglite' | 'postgres';

/** Linux CPU time spent during the measured window, in percent of one core (200 = both cores of a 2-core box). */
export interface CpuShare {
  server: number;
  postgres: number | null;
  loadGenerator: number;
  /** Every process on the machine together; the rest (machine - the three above) is noise from other work. */
  machine: number;
}

/** Per-request averages measured inside the server under test by bench/lib/instrument-pg.mjs (--diagnose). */
export interface ServerInternals {
  /** PostgreSQL round trips and waits; null on PGlite, which runs inside the server process. */
  postgres: {
    /** Round trips (client.query calls) per request. */
    queriesPerRequest: number;
    /** Transactions (queries starting with BEGIN) per request. */
    transactionsPerRequest: number;
    /** Milliseconds a request spent waiting on PostgreSQL answers, summed over its queries. */
    queryMsPerRequest: number;
    /** Milliseconds a request spent waiting for a pooled connection, summed over its transactions. */
    poolWaitMsPerRequest: number;
  } | null;
  /** Share of wall time the server's event loop was running JavaScript (1 = saturated, CPU-bound). */
  eventLoopUtilization: number;
}

/** Where the server process spent CPU during the measured window, from its V8 CPU profile (--diagnose). */
export interface ProfileSummary {
  file: string;
  /** Milliseconds of samples inside the measured window. */
  sampledMs: number;
  /** Self time by area (a package, Node core, CommandCenter's src, GC, idle), percent of sampled time. */
  areas: Array<{ area: string; percent: number }>;
  /** The hottest functions by self time. */
  functions: Array<{ name: string; area: string; location: string; percent: number }>;
}

export interface ResultRow {
  /** Scenario id, e.g. `http-scoped-get`; several rows may share one. */
  scenario: string;
  /** Sub-case shown beside the scenario, e.g. `JWT` or `API key`. */
  variant: string;
  /** `pglite`, `postgres`, or `none` for rows that touch no database. */
  database: DatabaseName | 'none';
  method: string;
  path: string;
  connections: number;
  durationSeconds: number;
  /** autocannon's `requests.average`: mean of the per-second request counts. */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  totalRequests: number;
  /** Socket errors and timeouts; any of these (or non-2xx answers) makes the figures suspect. */
  errors: number;
  non2xx: number;
  /** Count of each HTTP status received during the measured window. */
  statusCodes: Record<string, number>;
  /** Database round trips, waits and event-loop load inside the server (only with --diagnose). */
  internals: ServerInternals | null;
  /** CPU profile of the server during the measured window (only with --diagnose). */
  profile: ProfileSummary | null;
  cpu: CpuShare | null;
  /** The requirement this row is held to, if any. */
  target?: { minRequestsPerSecond: number; maxP99Ms: number };
  /** Free text, e.g. that the server ran under the CPU profiler. */
  notes: string[];
  /** With --repeat: every repetition's headline figures; the row itself is the median quiet one. */
  repetitions?: Array<{
    requestsPerSecond: number;
    latencyP50Ms: number;
    latencyP99Ms: number;
    otherCpuPercent: number | null;
  }>;
}

export interface Scenario {
  /** Stable id used by `--only` and in results. */
  id: string;
  /** One line for the report. */
  title: string;
  /** Whether its rows need a database (it then honours `options.databases`). */
  usesDatabase: boolean;
  /** Whether it runs `cc serve` (the runner then builds first in `dist` mode). */
  startsCommandCenter: boolean;
  run(options: BenchOptions, log: (line: string) => void): Promise<ResultRow[]>;
}
