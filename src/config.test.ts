import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALL_ROLES,
  CONFIG_VARIABLES,
  ConfigError,
  type ConfigVariable,
  loadConfig,
  resolveSecretKey,
} from './config.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KEY = 'k'.repeat(32);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`configuration ${JSON.stringify(env)} was accepted`);
}

describe('loadConfig', () => {
  it('parses an empty environment into the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: resolve('./.commandcenter'),
      databaseUrl: undefined,
      natsUrl: undefined,
      redisUrl: undefined,
      secretKey: undefined,
      publicUrl: 'http://localhost:8080',
      corsOrigins: [],
      logLevel: 'info',
      roles: [...ALL_ROLES],
    });
    // Every integer setting's parsed default is the one CONFIG_VARIABLES documents.
    const integers: Array<[ConfigVariable, number]> = [
      ['PORT', config.port],
      ['DATABASE_POOL_MAX', config.databasePoolMax],
      ['DATABASE_IDLE_TIMEOUT_MS', config.databaseIdleTimeoutMs],
      ['DATABASE_STATEMENT_TIMEOUT_MS', config.databaseStatementTimeoutMs],
      ['BODY_LIMIT_BYTES', config.bodyLimitBytes],
      ['RATE_LIMIT_PER_MINUTE', config.rateLimitPerMinute],
      ['LOGIN_MAX_ATTEMPTS_PER_ACCOUNT', config.loginMaxAttemptsPerAccount],
      ['LOGIN_MAX_ATTEMPTS_PER_IP', config.loginMaxAttemptsPerIp],
      ['LOGIN_WINDOW_SECONDS', config.loginWindowSeconds],
      ['PASSWORD_MIN_LENGTH', config.passwordMinLength],
      ['CC_VACUUM_INTERVAL_MINUTES', config.vacuumIntervalMinutes],
    ];
    for (const [name, value] of integers) expect(value, name).toBe(Number(CONFIG_VARIABLES[name].default));
  });

  it('treats blank values as unset and trims values', () => {
    const config = loadConfig({ PORT: '  ', LOG_LEVEL: '', HOST: ' 127.0.0.1 ', CC_ROLES: ' api , worker ' });
    expect(config.port).toBe(8080);
    expect(config.logLevel).toBe('info');
    expect(config.host).toBe('127.0.0.1');
    expect(config.roles).toEqual(['api', 'worker']);
  });

  it('parses a full distributed configuration', () => {
    const config = loadConfig({
      PORT: '9000',
      DATABASE_URL: 'postgres://cc@db.internal:5432/cc',
      DATABASE_POOL_MAX: '50',
      NATS_URL: 'nats://nats:4222',
      REDIS_URL: 'redis://redis:6379',
      CC_SECRET_KEY: KEY,
      CC_PUBLIC_URL: 'https://cc.example.com/',
      CORS_ORIGINS: 'https://a.example.com, http://localhost:5173',
      LOG_LEVEL: 'debug',
      CC_ROLES: 'api,api,worker',
    });
    expect(config).toMatchObject({
      port: 9000,
      databaseUrl: 'postgres://cc@db.internal:5432/cc',
      databasePoolMax: 50,
      natsUrl: 'nats://nats:4222',
      redisUrl: 'redis://redis:6379',
      secretKey: KEY,
      publicUrl: 'https://cc.example.com',
      corsOrigins: ['https://a.example.com', 'http://localhost:5173'],
      logLevel: 'debug',
      roles: ['api', 'worker'],
    });
  });

  it('lists every bad variable at once', () => {
    const env = {
      PORT: 'abc',
      DATABASE_POOL_MAX: '0',
      LOG_LEVEL: 'loud',
      CC_ROLES: 'api,bogus',
      DATABASE_URL: 'postgres://db/cc',
    };
    let thrown: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const problems = (thrown as ConfigError).problems;
    const mentions = (name: string) => problems.filter((problem) => problem.includes(name));
    expect(mentions('PORT'), problems.join('\n')).toHaveLength(1);
    expect(mentions('DATABASE_POOL_MAX')).toHaveLength(1);
    expect(mentions('LOG_LEVEL')).toHaveLength(1);
    expect(mentions('CC_ROLES')).toHaveLength(1);
    expect(mentions('CC_ROLES')[0]).toContain('bogus');
    expect(mentions('CC_SECRET_KEY')).toHaveLength(1);
    expect(mentions('CC_SECRET_KEY')[0]).toContain('DATABASE_URL');
    expect(problems).toHaveLength(5);
    // The message a person sees at start-up carries every problem.
    for (const problem of problems) expect((thrown as Error).message).toContain(problem);
  });

  it.each([
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['DATABASE_POOL_MAX', '501'],
    ['DATABASE_URL', 'mysql://db/cc'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://redis:6379'],
    ['NATS_URL', 'redis://nats:4222'],
    ['CC_PUBLIC_URL', 'ftp://cc.example.com'],
    ['CORS_ORIGINS', 'https://a.example.com/path'],
    ['CC_ROLES', ','],
    ['PASSWORD_MIN_LENGTH', '7'],
    ['BODY_LIMIT_BYTES', '1e6'],
  ])('refuses %s=%s', (name, value) => {
    const problems = problemsOf({ CC_SECRET_KEY: KEY, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('reads the outbound settings and refuses bad ones with the variable named', () => {
    const config = loadConfig({
      CC_OUTBOUND_ALLOW_PRIVATE: 'minio.internal, 10.0.0.0/8',
      CC_OUTBOUND_MAX_RETRY_AFTER_SECONDS: '5',
      https_proxy: 'http://proxy.internal:3128',
      NO_PROXY: 'localhost,.internal',
    });
    expect(config.outbound).toMatchObject({
      maxRetryAfterMs: 5000,
      breakerResetMs: 30_000,
      httpsProxy: 'http://proxy.internal:3128',
      httpProxy: undefined,
      noProxy: 'localhost,.internal',
    });
    expect([...config.outbound.allowPrivate.hosts]).toEqual(['minio.internal']);
    expect(loadConfig({}).outbound.allowPrivate.all).toBe(false);
    expect(loadConfig({ CC_OUTBOUND_ALLOW_PRIVATE: 'true' }).outbound.allowPrivate.all).toBe(true);

    const problems = problemsOf({
      CC_OUTBOUND_ALLOW_PRIVATE: '10.0.0.0/40,not a host',
      CC_OUTBOUND_MAX_ATTEMPTS: '0',
      HTTPS_PROXY: 'socks://proxy:1080',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^CC_OUTBOUND_ALLOW_PRIVATE .*10\.0\.0\.0\/40, not a host$/),
      expect.stringMatching(/^CC_OUTBOUND_MAX_ATTEMPTS="0" must be an integer from 1 to 10$/),
      expect.stringMatching(/^HTTPS_PROXY must use http: or https:/),
    ]);
  });

  it('refuses a CC_SECRET_KEY shorter than 32 characters and accepts 32', () => {
    expect(problemsOf({ CC_SECRET_KEY: 'k'.repeat(31) })).toEqual([expect.stringContaining('CC_SECRET_KEY')]);
    expect(loadConfig({ CC_SECRET_KEY: KEY }).secretKey).toBe(KEY);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/cc', CC_SECRET_KEY: KEY }).databaseUrl).toBe(
      'postgresql://db/cc',
    );
  });

  it('derives the default CC_PUBLIC_URL from PORT and takes an explicit one verbatim', () => {
    expect(loadConfig({ PORT: '9123' }).publicUrl).toBe('http://localhost:9123');
    expect(loadConfig({ PORT: '9123', CC_PUBLIC_URL: 'https://cc.example.com' }).publicUrl).toBe(
      'https://cc.example.com',
    );
    // Only the default's placeholder is replaced; "PORT" inside an operator's URL is theirs.
    expect(loadConfig({ PORT: '9123', CC_PUBLIC_URL: 'https://example.com/SUPPORT/cc' }).publicUrl).toBe(
      'https://example.com/SUPPORT/cc',
    );
  });
});

describe('resolveSecretKey', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-config-'));
    dirs.push(dir);
    return dir;
  };

  it('generates a key into the data dir on first use (mode 0600) and reuses it afterwards', () => {
    const dataDir = join(tempDir(), 'not-yet-created');
    const first = resolveSecretKey(loadConfig({ CC_DATA_DIR: dataDir }));
    const file = join(dataDir, 'secret.key');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.secretKey.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secretKey);

    // A restart (a fresh config from the same environment) signs with the same key.
    const second = resolveSecretKey(loadConfig({ CC_DATA_DIR: dataDir }));
    expect(second.secretKey).toBe(first.secretKey);

    // Another data dir gets its own key.
    const other = resolveSecretKey(loadConfig({ CC_DATA_DIR: tempDir() }));
    expect(other.secretKey).not.toBe(first.secretKey);
  });

  it('uses a configured key and writes nothing', () => {
    const dataDir = tempDir();
    const resolved = resolveSecretKey(loadConfig({ CC_DATA_DIR: dataDir, CC_SECRET_KEY: KEY }));
    expect(resolved.secretKey).toBe(KEY);
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(false);
  });
});

describe('configuration documentation', () => {
  const names = Object.keys(CONFIG_VARIABLES);
  const read = (file: string) => {
    const path = join(REPO_ROOT, file);
    expect(existsSync(path), `${file} exists`).toBe(true);
    return readFileSync(path, 'utf8');
  };

  it('.env.example mentions every variable', () => {
    const text = read('.env.example');
    const missing = names.filter((name) => !new RegExp(`^\\s*#?\\s*${name}=`, 'm').test(text));
    expect(missing, 'variables missing from .env.example').toEqual([]);
  });

  it("README's configuration table has a row for every variable", () => {
    const text = read('README.md');
    const missing = names.filter((name) => !new RegExp(`^\\|\\s*\`?${name}\`?\\s*\\|`, 'm').test(text));
    expect(missing, 'variables missing from the README configuration table').toEqual([]);
  });
});
