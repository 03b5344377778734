/**
 * `npm run bench -- [options]` (tsx bench/run.ts): runs the HTTP scenarios one after another, each server in its own
 * process and the load generator (autocannon) in this one, then the separate suites (events and jobs); prints
 * one table per kind and writes bench/results/latest.json.
 * A new HTTP benchmark is a module exporting a `Scenario` (bench/lib/types.ts), listed in SCENARIOS below.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { httpBare } from './http-bare.js';
import { httpHealth } from './http-health.js';
import { httpScopedGet } from './http-scoped-get.js';
import { machineLoad } from './lib/cpu.js';
import { postgresReachable } from './lib/postgres.js';
import { cleanUpEverything, REPO_ROOT } from './lib/processes.js';
import { cpuTable, diagnosis, evaluate, figuresTable, notesList, representative } from './lib/report.js';
import type { BenchOptions, DatabaseName, ResultRow, Scenario } from './lib/types.js';
import { radar } from './radar.js';

/** In run order; the bare baseline goes first because every other row's ratio is against it. */
const SCENARIOS: Scenario[] = [httpBare, httpHealth, httpScopedGet, radar];

/** A benchmark whose rows do not fit the HTTP shape: it brings its own table, and runs after the HTTP scenarios. */
interface SeparateBenchmark {
  id: string;
  title: string;
  run(log: (line: string) => void): Promise<{ rows: unknown[]; table: string }>;
}

/** The module is imported only when the suite runs: it loads a lot, and reads its environment at import. */
function separate<Row>(definition: {
  id: string;
  title: string;
  load: () => Promise<{ run: (log: (line: string) => void) => Promise<Row[]>; table: (rows: Row[]) => string }>;
}): SeparateBenchmark {
  return {
    id: definition.id,
    title: definition.title,
    async run(log) {
      const suite = await definition.load();
      const rows = await suite.run(log);
      return { rows, table: suite.table(rows) };
    },
  };
}

const SEPARATE: SeparateBenchmark[] = [
  separate({
    id: 'events-jobs',
    title: 'Events (outbox to subscriber, NATS relay) and no-op jobs, in this process',
    load: async () => {
      const suite = await import('./events-jobs.js');
      return { run: suite.runEventsJobsBenchmarks, table: suite.eventsJobsTable };
    },
  }),
  separate({
    id: 'events-scale',
    title: 'Event appends from 50 projects at once on PostgreSQL (state change + event per transaction)',
    load: async () => {
      const suite = await import('./events-scale.js');
      return { run: suite.runEventsScaleBenchmarks, table: suite.eventsScaleTable };
    },
  }),
];

const HELP = `Usage: npm run bench -- [options]

  --duration <s>       measured seconds per HTTP row (default 10)
  --warmup <s>         discarded warm-up seconds before each HTTP row (default 2)
  --connections <n>    concurrent connections (default 50)
  --repeat <n>         run the HTTP scenarios n times; each row reports the median of the quiet runs (other
                       processes under 5% of a core), else the least disturbed run (default 1; use 3 or 5)
  --pool-max <n>       DATABASE_POOL_MAX of the server on PostgreSQL (default 10)
  --databases <list>   pglite,postgres (default both; postgres is skipped if unreachable)
  --only <ids>         what to run: ${[...SCENARIOS, ...SEPARATE].map((scenario) => scenario.id).join(', ')}
  --server <mode>      dist: build once and run dist/src/main.js (default); tsx: run src/ through tsx
  --diagnose           CPU-profile the servers and count their database round trips (slows them down)
  --out <file>         JSON results (default bench/results/latest.json)
  --check              exit 1 when a row (of any suite) misses its target

PostgreSQL: BENCH_POSTGRES_URL (else TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres) must
be allowed to CREATE DATABASE; each server gets a fresh database that is dropped afterwards.
`;

function positive(name: string, text: string | undefined, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new Error(`--${name} must be a whole number`);
  return value;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'pool-max': { type: 'string' },
      repeat: { type: 'string' },
      databases: { type: 'string' },
      only: { type: 'string' },
      server: { type: 'string' },
      diagnose: { type: 'boolean', default: false },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const databases = (values.databases ?? 'pglite,postgres').split(',').map((name) => name.trim()) as DatabaseName[];
  for (const name of databases) {
    if (name !== 'pglite' && name !== 'postgres') throw new Error(`--databases: unknown database ${name}`);
  }
  const only = values.only?.split(',').map((id) => id.trim());
  for (const id of only ?? []) {
    if (![...SCENARIOS, ...SEPARATE].some((scenario) => scenario.id === id)) {
      throw new Error(`--only: unknown scenario ${id}`);
    }
  }
  const serverMode = values.server ?? 'dist';
  if (serverMode !== 'dist' && serverMode !== 'tsx') throw new Error('--server must be dist or tsx');
  const resultsDir = join(REPO_ROOT, 'bench', 'results');
  const options: BenchOptions = {
    connections: positive('connections', values.connections, 50),
    durationSeconds: positive('duration', values.duration, 10),
    warmupSeconds: positive('warmup', values.warmup, 2, true),
    poolMax: positive('pool-max', values['pool-max'], 10),
    repeat: positive('repeat', values.repeat, 1),
    databases,
    postgresAdminUrl:
      process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    serverMode,
    diagnoseDir: values.diagnose ? join(resultsDir, 'profiles') : undefined,
  };
  return {
    options,
    scenarios: SCENARIOS.filter((scenario) => only === undefined || only.includes(scenario.id)),
    separate: SEPARATE.filter((benchmark) => only === undefined || only.includes(benchmark.id)),
    out: values.out ?? join(resultsDir, 'latest.json'),
    check: values.check,
  };
}

const log = (line: string) => process.stdout.write(`${line}\n`);

/** `npm run lint` checks bench/**, results included; let Biome lay out the JSON it would otherwise reject. */
function formatLikeTheRepository(file: string): void {
  if (relative(REPO_ROOT, file).startsWith('..')) return;
  try {
    execFileSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', '@biomejs', 'biome', 'bin', 'biome'), 'format', '--write', file],
      { cwd: REPO_ROOT, stdio: 'ignore' },
    );
  } catch {
    // Formatting is cosmetic; the results are valid JSON either way.
  }
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.href;
}

function packageVersion(name: string): string {
  try {
    const file = join(REPO_ROOT, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function postgresVersion(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function build(): void {
  log('building (tsc -p tsconfig.build.json) so the server runs as compiled JavaScript...');
  try {
    execFileSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`the build failed; fix it or use --server tsx\n${output}`);
  }
}

async function main(): Promise<void> {
  const { options, scenarios, separate, out, check } = parseOptions();

  if (scenarios.some((scenario) => scenario.usesDatabase) && options.databases.includes('postgres')) {
    const problem = await postgresReachable(options.postgresAdminUrl);
    if (problem !== undefined) {
      log(`PostgreSQL at ${new URL(options.postgresAdminUrl).host} is unreachable (${problem}); its rows are skipped.`);
      options.databases = options.databases.filter((name) => name !== 'postgres');
    }
  }
  const cpuList = cpus();
  const busyBefore = await machineLoad();
  const environment = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${release()}`,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    machineBusyBeforePercent: busyBefore ?? null,
    postgres: options.databases.includes('postgres') ? await postgresVersion(options.postgresAdminUrl) : undefined,
    autocannon: packageVersion('autocannon'),
    fastify: packageVersion('fastify'),
    pglite: packageVersion('@electric-sql/pglite'),
  };
  log('CommandCenter benchmarks');
  log(`  date        ${environment.date}`);
  log(`  node        ${environment.node} on ${environment.platform}`);
  log(`  cpus        ${environment.cpus} x ${environment.cpuModel}, ${environment.memoryGiB} GiB`);
  log(`  postgres    ${environment.postgres ?? '(not used)'}; pglite ${environment.pglite}`);
  log(
    `  load        autocannon ${environment.autocannon}, ${options.connections} connections, ` +
      `${options.warmupSeconds} s warm-up + ${options.durationSeconds} s per row, pipelining 1` +
      (options.repeat > 1 ? `, ${options.repeat} runs` : ''),
  );
  log(
    `  server      ${options.serverMode === 'dist' ? 'node dist/src/main.js serve' : 'node --import tsx src/main.ts serve'}` +
      `, LOG_LEVEL=warn, pool max ${options.poolMax} on PostgreSQL`,
  );
  if (busyBefore !== undefined && busyBefore > 20) {
    log(`  WARNING     the machine was already ${busyBefore}% busy (of one core) before the run: figures will be low`);
  }
  if (options.diagnoseDir !== undefined) {
    rmSync(options.diagnoseDir, { recursive: true, force: true });
    mkdirSync(options.diagnoseDir, { recursive: true });
    log(`  diagnose    CPU profiles in ${relative(REPO_ROOT, options.diagnoseDir)}; figures are lowered by profiling`);
  }
  log('');
  if (options.serverMode === 'dist' && scenarios.some((scenario) => scenario.startsCommandCenter)) build();

  const repetitions: ResultRow[][] = [];
  for (let round = 1; round <= options.repeat; round++) {
    if (options.repeat > 1) log(`--- run ${round} of ${options.repeat}`);
    const rows: ResultRow[] = [];
    for (const scenario of scenarios) {
      log(`${scenario.id}: ${scenario.title}`);
      rows.push(...(await scenario.run(options, log)));
    }
    repetitions.push(rows);
  }
  const reported = evaluate(representative(repetitions), cpuList.length);
  const separateResults: Record<string, unknown[]> = {};
  const separateTables: string[] = [];
  // The separate suites build their apps with the test helpers, which find PostgreSQL through TEST_POSTGRES_URL.
  if (separate.length > 0 && process.env.TEST_POSTGRES_URL === undefined && options.databases.includes('postgres')) {
    process.env.TEST_POSTGRES_URL = options.postgresAdminUrl;
  }
  for (const benchmark of separate) {
    log(`${benchmark.id}: ${benchmark.title}`);
    try {
      const { rows, table } = await benchmark.run(log);
      separateResults[benchmark.id] = rows;
      separateTables.push(table);
    } catch (error) {
      log(`  ${benchmark.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      separateResults[benchmark.id] = [{ error: error instanceof Error ? error.message : String(error) }];
      process.exitCode = 1;
    }
  }

  log('');
  if (reported.length > 0) log(figuresTable(reported));
  const notes = notesList(reported);
  if (notes !== undefined) log(notes);
  const cpu = cpuTable(reported);
  if (cpu !== undefined) {
    log('');
    log(
      `CPU during each measured window, percent of one core (the machine has ${environment.cpus} cores), ` +
        'CPU milliseconds per request, and the req/s those costs allow on an idle machine:',
    );
    log(cpu);
  }
  const diagnosed = diagnosis(reported);
  if (diagnosed !== undefined) {
    log('');
    log(diagnosed);
  }
  for (const table of separateTables) {
    log('');
    log(table);
  }

  mkdirSync(join(out, '..'), { recursive: true });
  const recorded = { ...options, postgresAdminUrl: withoutPassword(options.postgresAdminUrl) };
  const results = { environment, options: recorded, rows: reported, ...separateResults };
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  formatLikeTheRepository(out);
  log('');
  log(`results written to ${relative(process.cwd(), out) || out}`);
  const missed = (rows: unknown[]) =>
    rows.some((row) => typeof row === 'object' && row !== null && (row as { targetMet?: unknown }).targetMet === false);
  if (check && (missed(reported) || Object.values(separateResults).some(missed))) process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`bench: ${signal}, stopping servers and dropping databases\n`);
    cleanUpEverything().finally(() => process.exit(130));
  });
}

main().catch(async (error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await cleanUpEverything();
  process.exit(2);
});
