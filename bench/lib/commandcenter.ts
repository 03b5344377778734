import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONFIG_VARIABLES } from '../../src/config.js';
import { probe } from './load.js';
import { type BenchDatabase, createBenchDatabase } from './postgres.js';
import { freePort, REPO_ROOT, type ServerProcess, startProcess, track } from './processes.js';
import type { BenchOptions, DatabaseName } from './types.js';

/** Running totals printed by instrument-pg.mjs (only with --diagnose). */
export interface ServerCounters {
  queries: number;
  transactions: number;
  queryMs: number;
  connects: number;
  connectWaitMs: number;
  loopActiveMs: number;
  loopIdleMs: number;
}

export interface CommandCenterServer {
  baseUrl: string;
  database: DatabaseName;
  process: ServerProcess;
  /** Set on PostgreSQL: the fresh database this server runs on. */
  benchDatabase: BenchDatabase | undefined;
  /** Present with --diagnose: asks the server for its counters (SIGUSR2) and waits for the answer. */
  counters: (() => Promise<ServerCounters>) | undefined;
  /** Stops the server, then drops its database or removes its data dir. */
  stop(): Promise<void>;
}

export const ADMIN = {
  email: 'bench-admin@example.com',
  password: 'bench password that is long enough',
  displayName: 'Bench Admin',
};

/** The server's own environment, minus every CommandCenter variable of ours so nothing leaks in (REDIS_URL...). */
function cleanEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !(key in CONFIG_VARIABLES) && key !== 'NODE_OPTIONS') env[key] = value;
  }
  return env;
}

/**
 * Starts `cc serve` in its own process on a fresh database: a temporary PGlite data dir, or a new PostgreSQL
 * database. Resolves once the server printed its one-time setup link; `setupToken` is that token.
 */
export async function startCommandCenter(
  database: DatabaseName,
  options: BenchOptions,
  label: string,
): Promise<CommandCenterServer & { setupToken: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  const benchDatabase = database === 'postgres' ? await createBenchDatabase(options.postgresAdminUrl) : undefined;
  const nodeArgs: string[] = [];
  if (options.diagnoseDir !== undefined) {
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.diagnoseDir}`, `--cpu-prof-name=${label}.cpuprofile`);
    nodeArgs.push('--import', pathToFileURL(join(REPO_ROOT, 'bench', 'lib', 'instrument-pg.mjs')).href);
  }
  const entry = options.serverMode === 'dist' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const cleanup = track(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await benchDatabase?.drop();
  });
  let server: ServerProcess;
  try {
    server = await startProcess({
      name: `commandcenter (${database})`,
      command: process.execPath,
      args: [...nodeArgs, ...entry, 'serve'],
      env: {
        ...cleanEnvironment(),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // The configuration's ceiling; far above what one client IP sends here, so the limiter never answers 429.
        RATE_LIMIT_PER_MINUTE: '10000000',
        CC_SECRET_KEY: randomBytes(36).toString('base64url'),
        CC_DATA_DIR: dataDir,
        ...(benchDatabase === undefined
          ? {}
          : { DATABASE_URL: benchDatabase.url, DATABASE_POOL_MAX: String(options.poolMax) }),
      },
      readyPattern: /\/setup\?token=(\S+)/,
      timeoutMs: 120_000,
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  // Registered after `cleanup`, so an interrupted run stops the server before dropping its database.
  const stopServer = track(async () => {
    try {
      await server.stop();
    } finally {
      await cleanup();
    }
  });
  const counters =
    options.diagnoseDir === undefined
      ? undefined
      : async (): Promise<ServerCounters> => {
          const seen = server.output().split('CCBENCH ').length;
          server.child.kill('SIGUSR2');
          for (let waited = 0; waited < 10_000; waited += 20) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            const parts = server.output().split('CCBENCH ');
            if (parts.length > seen) return JSON.parse(parts.at(-1)!.split('\n')[0]!) as ServerCounters;
          }
          throw new Error('the server did not report its counters');
        };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    process: server,
    benchDatabase,
    counters,
    setupToken: decodeURIComponent(server.ready[1]!),
    stop: stopServer,
  };
}

export interface ScopedFixture {
  accessToken: string;
  projectId: string;
  apiKey: string;
}

/** First-run setup, sign-in, one project and a viewer API key on it, all through the public API. */
export async function bootstrapProject(server: CommandCenterServer & { setupToken: string }): Promise<ScopedFixture> {
  const json = { 'content-type': 'application/json' };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    probe({
      url: `${server.baseUrl}${path}`,
      method: 'POST',
      headers: { ...json, ...headers },
      body: JSON.stringify(body),
    }) as Promise<Record<string, unknown>>;
  await post('/api/v1/setup', { token: server.setupToken, ...ADMIN });
  const session = await post('/api/v1/auth/login', { email: ADMIN.email, password: ADMIN.password });
  const accessToken = String(session.accessToken);
  const auth = { authorization: `Bearer ${accessToken}` };
  const project = await post('/api/v1/projects', { name: 'Bench project', slug: 'bench-project' }, auth);
  const projectId = String(project.id);
  const key = await post(`/api/v1/projects/${projectId}/api-keys`, { name: 'bench', role: 'viewer' }, auth);
  return { accessToken, projectId, apiKey: String(key.token) };
}
