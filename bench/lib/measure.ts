import { join } from 'node:path';
import type { CommandCenterServer, ServerCounters } from './commandcenter.js';
import { startCpuMeter } from './cpu.js';
import { fire, type LoadFigures, type LoadRequest, probe } from './load.js';
import { summariseProfile } from './profile.js';
import type { BenchOptions, CpuShare, ResultRow, ServerInternals } from './types.js';

export interface Measured extends LoadFigures {
  cpu: CpuShare | null;
  internals: ServerInternals | null;
  /** The measured window on the monotonic clock, in microseconds (CPU profiles use the same clock). */
  window: { startUs: number; endUs: number };
}

/**
 * Probes once (the request must answer 2xx), loads for the warm-up and throws those figures away, then measures.
 * CPU shares and (with --diagnose) the server's counters cover the measured window only.
 */
export async function measure(args: {
  request: LoadRequest;
  options: BenchOptions;
  serverPid: number;
  /** PostgreSQL backend pids serving the server, looked up after the warm-up (the pool is full by then). */
  postgresPids?: () => Promise<number[]>;
  counters?: () => Promise<ServerCounters>;
  log: (line: string) => void;
}): Promise<Measured> {
  const { request, options } = args;
  await probe(request);
  if (options.warmupSeconds > 0) {
    const warm = await fire(request, options.connections, options.warmupSeconds);
    args.log(`    warm-up: ${Math.round(warm.requestsPerSecond)} req/s`);
  }
  const postgresPids = args.postgresPids === undefined ? [] : await args.postgresPids();
  const before = await args.counters?.();
  const meter = startCpuMeter(args.serverPid, postgresPids);
  const startUs = Number(process.hrtime.bigint() / 1000n);
  const figures = await fire(request, options.connections, options.durationSeconds);
  const endUs = Number(process.hrtime.bigint() / 1000n);
  const cpu = meter.stop();
  const after = await args.counters?.();
  let internals: ServerInternals | null = null;
  if (before !== undefined && after !== undefined && figures.totalRequests > 0) {
    const perRequest = (key: keyof ServerCounters) =>
      Math.round(((after[key] - before[key]) / figures.totalRequests) * 100) / 100;
    const active = after.loopActiveMs - before.loopActiveMs;
    const idle = after.loopIdleMs - before.loopIdleMs;
    internals = {
      postgres:
        after.queries === 0
          ? null
          : {
              queriesPerRequest: perRequest('queries'),
              transactionsPerRequest: perRequest('transactions'),
              queryMsPerRequest: perRequest('queryMs'),
              poolWaitMsPerRequest: perRequest('connectWaitMs'),
            },
      eventLoopUtilization: Math.round((active / (active + idle)) * 100) / 100,
    };
  }
  const problems = figures.errors + figures.non2xx;
  args.log(
    `    ${Math.round(figures.requestsPerSecond)} req/s, p50 ${figures.latencyP50Ms} ms, p99 ${figures.latencyP99Ms} ms` +
      (problems > 0 ? `, ${figures.errors} errors, statuses ${JSON.stringify(figures.statusCodes)}` : ''),
  );
  return { ...figures, cpu, internals, window: { startUs, endUs } };
}

/**
 * One HTTP row against a running `cc serve`: measures `request` and assembles the row. The server writes its CPU
 * profile (--diagnose) only when it exits, so the row comes from the returned function, called after `stop()`; several
 * rows may share one server, each summarising its own window of the same profile.
 */
export async function measureRow(args: {
  server: CommandCenterServer;
  /** The server's label given to startCommandCenter (its profile's file name). */
  label: string;
  row: Pick<ResultRow, 'scenario' | 'variant' | 'method' | 'path' | 'target'>;
  request: LoadRequest;
  options: BenchOptions;
  notes?: string[];
  log: (line: string) => void;
}): Promise<() => ResultRow> {
  const { server, options } = args;
  const benchDatabase = server.benchDatabase;
  const { window, ...figures } = await measure({
    request: args.request,
    options,
    serverPid: server.process.pid,
    postgresPids: benchDatabase === undefined ? undefined : () => benchDatabase.backendPids(),
    counters: server.counters,
    log: args.log,
  });
  const notes = [...(args.notes ?? [])];
  if (options.diagnoseDir !== undefined) notes.push('server ran under the CPU profiler and round-trip counters');
  const { diagnoseDir } = options;
  return () => ({
    ...args.row,
    database: server.database,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    ...figures,
    profile: diagnoseDir === undefined ? null : summariseProfile(join(diagnoseDir, `${args.label}.cpuprofile`), window),
    notes,
  });
}

/**
 * Waits until the server and its PostgreSQL backends are nearly idle (at most `percent` of a core together over one
 * second), so that work left over from setting up (jobs, event delivery after an import) does not land in the first
 * measured row. Gives up after `maxSeconds` and says so.
 */
export async function waitUntilIdle(
  server: CommandCenterServer,
  log: (line: string) => void,
  { percent = 10, maxSeconds = 60 } = {},
): Promise<void> {
  const started = performance.now();
  for (;;) {
    const meter = startCpuMeter(server.process.pid, (await server.benchDatabase?.backendPids()) ?? []);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cpu = meter.stop();
    const busy = cpu === null ? 0 : cpu.server + (cpu.postgres ?? 0);
    const waited = Math.round((performance.now() - started) / 1000);
    if (busy <= percent) {
      if (waited > 1) log(`    server idle after ${waited} s`);
      return;
    }
    if (waited >= maxSeconds) {
      log(`    server still ${Math.round(busy)}% busy after ${waited} s; measuring anyway`);
      return;
    }
  }
}
