import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES } from '../../src/config.js';
import { CLI_ENTRY } from './cli-build.js';
import { templatePath } from './databases.js';

/**
 * Spawns the real `cc` CLI the way an operator runs it: the compiled `node dist/src/main.js ...` (built by the
 * globalSetup, test/helpers/global-setup.ts, when missing or stale), its own process, its own environment, a temporary
 * CC_DATA_DIR. Every process started here is tracked so a test file can kill leftovers.
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** Extra environment; configuration variables of the test runner itself are never inherited. */
  env?: Record<string, string>;
  /** Written to standard input, which is then closed. Without it stdin is closed at once. */
  stdin?: string;
}

const live = new Set<CcProcess>();

/**
 * `node dist/src/main.js`; with CC_TEST_CLI=tsx the sources through tsx instead (slower; to compare, or to debug
 * without a build).
 */
function cliEntry(): string[] {
  if (process.env.CC_TEST_CLI === 'tsx') return ['--import', 'tsx', join(REPO_ROOT, 'src', 'main.ts')];
  if (!existsSync(CLI_ENTRY)) {
    throw new Error(
      `${CLI_ENTRY} is missing: run the process tests through vitest.config.ts (its globalSetup builds it)`,
    );
  }
  return [CLI_ENTRY];
}

/** The parent's environment without any CommandCenter configuration (a developer's DATABASE_URL must not leak in). */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name in CONFIG_VARIABLES || name === 'NODE_OPTIONS') continue;
    env[name] = value;
  }
  return env;
}

export class CcProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  stdout = '';
  stderr = '';
  exit: Exit | undefined;

  constructor(
    readonly args: string[],
    options: SpawnOptions = {},
  ) {
    const dataDir = options.env?.CC_DATA_DIR;
    // With DATABASE_URL the instance id comes from PostgreSQL and the data dir's pgdata is not used.
    const embedded = options.env?.DATABASE_URL === undefined;
    if (embedded && options.env?.NATS_URL !== undefined && dataDir !== undefined && cloned.has(dataDir)) {
      throw new Error(
        `${dataDir} is a clone of the PGlite template (shared instance id): use tempDataDir(…, { empty: true }) with NATS`,
      );
    }
    this.child = spawn(process.execPath, [...cliEntry(), ...args], {
      cwd: REPO_ROOT,
      env: { ...baseEnv(), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    live.add(this);
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.child.stdin!.on('error', () => undefined);
    this.child.stdin!.end(options.stdin ?? '');
    this.exited = new Promise((resolveExit, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => {
        this.exit = { code, signal };
        live.delete(this);
        resolveExit(this.exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** What the process wrote so far, for assertion messages. */
  describe(): string {
    return `cc ${this.args.join(' ')} (pid ${this.child.pid}, exit ${JSON.stringify(this.exit)})\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`;
  }

  /** Resolves with the first match of `pattern` in the chosen stream; rejects if the process exits first or on timeout. */
  waitFor(
    pattern: RegExp,
    options: { stream?: 'stdout' | 'stderr'; timeoutMs?: number } = {},
  ): Promise<RegExpMatchArray> {
    const stream = options.stream ?? 'stdout';
    const timeoutMs = options.timeoutMs ?? 60_000;
    return new Promise((resolveMatch, reject) => {
      const readable = stream === 'stdout' ? this.child.stdout! : this.child.stderr!;
      const check = () => {
        const match = (stream === 'stdout' ? this.stdout : this.stderr).match(pattern);
        if (match === null) return false;
        finish();
        resolveMatch(match);
        return true;
      };
      const onData = () => {
        // The instance's own listener (registered first) has appended the chunk already.
        check();
      };
      const onClose = () => {
        if (check()) return;
        finish();
        reject(new Error(`process exited before printing ${pattern}\n${this.describe()}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${pattern} on ${stream} within ${timeoutMs} ms\n${this.describe()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        readable.off('data', onData);
        this.child.off('close', onClose);
      };
      readable.on('data', onData);
      this.child.on('close', onClose);
      if (!check() && this.exit !== undefined) onClose();
    });
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Sends `signal` and waits for the exit; escalates to SIGKILL after `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<Exit> {
    if (!this.running) return this.exit!;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for the exit without signalling; kills the process and rejects after `timeoutMs`. */
  async wait(timeoutMs = 60_000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`still running after ${timeoutMs} ms\n${this.describe()}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function spawnCc(args: string[], options: SpawnOptions = {}): CcProcess {
  return new CcProcess(args, options);
}

export interface CcResult extends Exit {
  stdout: string;
  stderr: string;
  process: CcProcess;
}

/** Runs one CLI command to completion. */
export async function runCc(args: string[], options: SpawnOptions & { timeoutMs?: number } = {}): Promise<CcResult> {
  const child = spawnCc(args, options);
  const exit = await child.wait(options.timeoutMs ?? 60_000);
  return { ...exit, stdout: child.stdout, stderr: child.stderr, process: child };
}

/** Kills (SIGKILL) every process a test started and has not stopped; for afterAll/afterEach. */
export async function killAll(): Promise<void> {
  const leftovers = [...live];
  for (const child of leftovers) child.signal('SIGKILL');
  await Promise.all(leftovers.map((child) => child.exited.catch(() => undefined)));
}

/** Data dirs made from the template: they share its instance id (see spawnCc). */
const cloned = new Set<string>();

/**
 * A temporary CC_DATA_DIR. By default it already holds a migrated, empty database: the PGlite template of
 * test/helpers/databases.ts (made by the globalSetup) unpacked as its `pgdata`, which spares each `cc` starting
 * on it initdb and the migrations (about 4 s of CPU). `empty: true` gives a bare folder, for tests of a first start.
 * The clones share the template's instance id, so an embedded database on a clone cannot be used with NATS (its
 * stream and consumers are named after that id); spawnCc refuses that.
 */
export function tempDataDir(prefix = 'cc-proc-', options: { empty?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const template = templatePath();
  if (options.empty === true || !existsSync(template)) return dir;
  mkdirSync(join(dir, 'pgdata'));
  const untar = spawnSync('tar', ['-xf', template, '-C', join(dir, 'pgdata')], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`could not unpack ${template}: ${untar.stderr}`);
  cloned.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  cloned.delete(dir);
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
}

/**
 * The one-time setup token a fresh `cc serve` prints on stderr (never into its JSON log on stdout). The wait is
 * generous: on a busy machine a first start has taken over 40 s.
 */
export async function printedSetupToken(child: CcProcess, timeoutMs = 90_000): Promise<string> {
  const printed = await child.waitFor(/\/setup\?token=([^\s"]+)/, { stream: 'stderr', timeoutMs });
  return decodeURIComponent(printed[1]!);
}

export interface ServeHandle {
  process: CcProcess;
  /** Base URL the server listens on, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** The one-time setup token from the printed link, when the instance still needs its administrator. */
  setupToken: string | undefined;
}

/** Starts `cc serve` on a random free port (PORT=0) bound to 127.0.0.1 and waits until it listens. */
export async function startServe(
  dataDir: string,
  env: Record<string, string> = {},
  timeoutMs = 90_000,
): Promise<ServeHandle> {
  const child = spawnCc(['serve'], {
    env: { CC_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
  });
  const started = await child.waitFor(/^.*"msg":"CommandCenter started".*$/m, { timeoutMs });
  const url = String((JSON.parse(started[0]) as { url?: string }).url);
  // The link is printed on stderr (never into the JSON log on stdout); the start-up line says whether to expect it.
  const setupToken = (JSON.parse(started[0]) as { setupRequired?: boolean }).setupRequired
    ? await printedSetupToken(child, timeoutMs)
    : undefined;
  return {
    process: child,
    url,
    port: Number(new URL(url).port),
    setupToken,
  };
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** When the response was complete (Date.now()). */
  at: number;
  json<T = Record<string, unknown>>(): T;
}

/**
 * One request on a fresh connection (no keep-alive pool), so a test controls exactly which connections exist;
 * rejects with the socket error (ECONNREFUSED, ECONNRESET) if there is no answer.
 */
export function http(
  method: string,
  url: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolveResponse, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        agent: false,
        headers: {
          connection: 'close',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
          ...options.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('error', reject);
        res.on('end', () =>
          resolveResponse({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            at: Date.now(),
            json: <T>() => JSON.parse(body) as T,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export const ADMIN = {
  email: 'admin@example.com',
  password: 'correct horse battery staple',
  displayName: 'Admin',
};

/** Completes setup with the printed token and signs in; returns the admin's access token. */
export async function setupAdmin(server: ServeHandle): Promise<string> {
  if (server.setupToken === undefined) throw new Error('the server printed no setup link');
  const setup = await http('POST', `${server.url}/api/v1/setup`, { body: { token: server.setupToken, ...ADMIN } });
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${setup.body}`);
  return login(server.url, ADMIN.email, ADMIN.password);
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await http('POST', `${baseUrl}/api/v1/auth/login`, { body: { email, password } });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.body}`);
  return response.json<{ accessToken: string }>().accessToken;
}
