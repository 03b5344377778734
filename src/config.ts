import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parsePrivateAllowance } from './platform/outbound/addresses.js';
import type { OutboundSettings } from './platform/outbound/client.js';

/** Every role a process can run; `cc serve` runs all of them unless CC_ROLES or --roles narrows it. */
export const ALL_ROLES = ['api', 'worker', 'hub', 'federation'] as const;
export type ServerRole = (typeof ALL_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  databaseIdleTimeoutMs: number;
  databaseStatementTimeoutMs: number;
  natsUrl: string | undefined;
  redisUrl: string | undefined;
  /** Undefined only before `resolveSecretKey` fills it from the data dir in embedded mode. */
  secretKey: string | undefined;
  publicUrl: string;
  corsOrigins: string[];
  logLevel: LogLevel;
  roles: ServerRole[];
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  loginMaxAttemptsPerAccount: number;
  loginMaxAttemptsPerIp: number;
  loginWindowSeconds: number;
  passwordMinLength: number;
  vacuumIntervalMinutes: number;
  sseHeartbeatSeconds: number;
  /** After SIGTERM, how long open requests may drain before the process exits anyway. */
  shutdownTimeoutSeconds: number;
  /** A setup token chosen by the operator (headless installs); unset: one is generated and shown on the console. */
  setupToken: string | undefined;
  /** Largest research attachment accepted, in bytes (uploads have their own limit, not BODY_LIMIT_BYTES). */
  attachmentMaxBytes: number;
  /** Content types research attachments may have (lower-case `type/subtype`). */
  attachmentTypes: string[];
  /** An S3-compatible bucket for uploads (`s3+https://KEY:SECRET@host/bucket`); unset: files in CC_DATA_DIR. */
  blobStoreUrl: string | undefined;
  /** Absolute directories under which local git repositories may be added; empty: none may. */
  gitAllowedRoots: string[];
  /** Every call that leaves the process (src/platform/outbound). */
  outbound: OutboundSettings;
}

/** Documentation of every variable; README's configuration table and `.env.example` are checked against it. */
export const CONFIG_VARIABLES = {
  PORT: { default: '8080', doc: 'HTTP port' },
  HOST: { default: '0.0.0.0', doc: 'HTTP bind address' },
  CC_DATA_DIR: { default: './.commandcenter', doc: 'embedded database, secret key and uploads live here' },
  DATABASE_URL: { default: '', doc: 'PostgreSQL URL; unset means embedded PGlite in CC_DATA_DIR' },
  DATABASE_POOL_MAX: { default: '20', doc: 'max pooled PostgreSQL connections per process (1-500)' },
  DATABASE_IDLE_TIMEOUT_MS: { default: '30000', doc: 'idle pooled connection is closed after this' },
  DATABASE_STATEMENT_TIMEOUT_MS: { default: '15000', doc: 'PostgreSQL statement_timeout per connection' },
  NATS_URL: { default: '', doc: 'NATS JetStream URL for cross-process events; checked by /health/ready' },
  REDIS_URL: { default: '', doc: 'Redis URL; shared rate-limit budgets across api processes' },
  CC_SECRET_KEY: {
    default: '',
    doc: 'at least 32 characters; signs tokens and encrypts secrets. Generated into CC_DATA_DIR/secret.key in embedded mode; required with DATABASE_URL',
  },
  CC_PUBLIC_URL: { default: 'http://localhost:PORT', doc: 'external base URL, used in links such as the setup link' },
  CORS_ORIGINS: { default: '', doc: 'comma-separated allowed browser origins (empty: same-origin only)' },
  LOG_LEVEL: { default: 'info', doc: LOG_LEVELS.join(', ') },
  CC_ROLES: { default: ALL_ROLES.join(','), doc: `comma-separated subset of ${ALL_ROLES.join(', ')}` },
  BODY_LIMIT_BYTES: { default: '1048576', doc: 'largest accepted request body' },
  RATE_LIMIT_PER_MINUTE: { default: '1200', doc: 'requests per minute per client IP (shared through Redis)' },
  LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: { default: '10', doc: 'login attempts per email per window' },
  LOGIN_MAX_ATTEMPTS_PER_IP: { default: '50', doc: 'login attempts per IP per window' },
  LOGIN_WINDOW_SECONDS: { default: '900', doc: 'login rate-limit window' },
  PASSWORD_MIN_LENGTH: { default: '12', doc: 'minimum password length (8-128)' },
  CC_VACUUM_INTERVAL_MINUTES: { default: '60', doc: 'embedded mode only: VACUUM ANALYZE period (0 disables)' },
  CC_SSE_HEARTBEAT_SECONDS: {
    default: '15',
    doc: 'live event streams send a heartbeat and re-check membership this often',
  },
  CC_SHUTDOWN_TIMEOUT_SECONDS: {
    default: '25',
    doc: 'after SIGTERM: live streams are told to reconnect elsewhere, requests drain, and the process exits after at most this long',
  },
  CC_SETUP_TOKEN: {
    default: '',
    doc: 'first-run setup token (at least 24 characters) for headless installs; unset: a one-time token is printed on the console, never into the logs',
  },
  CC_ATTACHMENT_MAX_BYTES: {
    default: '26214400',
    doc: 'largest research attachment in bytes (1 to 5 GiB; its own limit, independent of BODY_LIMIT_BYTES)',
  },
  CC_ATTACHMENT_TYPES: {
    default:
      'application/pdf,image/png,image/jpeg,image/gif,image/webp,text/plain,text/markdown,text/csv,application/json,application/zip',
    doc: 'comma-separated content types research attachments may have; others are refused with 415',
  },
  CC_BLOB_STORE_URL: {
    default: '',
    doc: 'S3-compatible store for uploads, s3+https://KEY:SECRET@host[:port]/bucket[/prefix]?region=R (path-style; s3+http for local stores); unset: files under CC_DATA_DIR/attachments',
  },
  CC_GIT_ALLOWED_ROOTS: {
    default: '',
    doc: 'comma-separated absolute directories under which local git repositories may be added (their real paths, links followed); empty: no local repositories',
  },
  CC_OUTBOUND_ALLOW_PRIVATE: {
    default: 'false',
    doc: 'outbound calls may reach loopback, private, link-local and other non-public addresses: true, false, or a comma-separated list of host names and CIDRs (e.g. minio.internal,10.0.0.0/8); the S3 store is always allowed',
  },
  CC_OUTBOUND_CONNECT_TIMEOUT_MS: {
    default: '10000',
    doc: 'outbound calls: time to open the connection (TLS included)',
  },
  CC_OUTBOUND_HEADERS_TIMEOUT_MS: {
    default: '30000',
    doc: 'outbound calls: time from sending to the response headers',
  },
  CC_OUTBOUND_BODY_TIMEOUT_MS: { default: '60000', doc: 'outbound calls: time to receive the whole response body' },
  CC_OUTBOUND_MAX_RESPONSE_BYTES: {
    default: '10485760',
    doc: 'outbound calls: largest response body read (stored objects have their own limit)',
  },
  CC_OUTBOUND_MAX_ATTEMPTS: {
    default: '3',
    doc: 'outbound calls: tries of an idempotent call (1-10), with exponential backoff and jitter',
  },
  CC_OUTBOUND_MAX_RETRY_AFTER_SECONDS: {
    default: '60',
    doc: 'outbound calls: longest Retry-After waited for; a longer one fails the call with the server status',
  },
  CC_OUTBOUND_BREAKER_FAILURES: {
    default: '5',
    doc: 'outbound calls: consecutive failures (network, timeout, 5xx) of one host that open its circuit breaker',
  },
  CC_OUTBOUND_BREAKER_RESET_SECONDS: {
    default: '30',
    doc: 'outbound calls: an open breaker lets one trial call through after this long',
  },
  HTTP_PROXY: { default: '', doc: 'proxy for outbound http:// calls (http_proxy is read too)' },
  HTTPS_PROXY: { default: '', doc: 'proxy for outbound https:// calls (https_proxy is read too)' },
  NO_PROXY: {
    default: '',
    doc: 'comma-separated hosts (and .domain suffixes) reached without the proxy; the SSRF guard applies either way',
  },
} as const;

export type ConfigVariable = keyof typeof CONFIG_VARIABLES;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Parses every variable at once and throws a ConfigError that lists every bad one. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const raw = (name: ConfigVariable): string => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? CONFIG_VARIABLES[name].default : value;
  };
  const integer = (name: ConfigVariable, min: number, max: number): number => {
    const text = raw(name);
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(text)} must be an integer from ${min} to ${max}`);
      return min;
    }
    return value;
  };
  const url = (name: ConfigVariable, protocols: string[], text = raw(name)): string | undefined => {
    if (text === '') return undefined;
    try {
      const parsed = new URL(text);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return text;
  };
  const list = (name: ConfigVariable): string[] =>
    raw(name)
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');

  const attachmentTypes = (): string[] => {
    const types = list('CC_ATTACHMENT_TYPES').map((type) => type.toLowerCase());
    const bad = types.filter((type) => !/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type));
    if (bad.length > 0 || types.length === 0) {
      problems.push(`CC_ATTACHMENT_TYPES has entries that are not type/subtype: ${bad.join(', ') || '(empty)'}`);
    }
    return [...new Set(types)];
  };

  const blobStoreUrl = (): string | undefined => {
    const text = url('CC_BLOB_STORE_URL', ['s3+http:', 's3+https:']);
    if (text === undefined) return undefined;
    try {
      const parsed = new URL(text);
      if (parsed.username === '' || parsed.password === '' || parsed.pathname.replace(/\//g, '') === '') {
        problems.push('CC_BLOB_STORE_URL needs credentials and a bucket: s3+https://KEY:SECRET@host/bucket');
      }
    } catch {
      // url() reported it already.
    }
    return text;
  };

  const gitAllowedRoots = (): string[] => {
    const roots = list('CC_GIT_ALLOWED_ROOTS');
    const relative = roots.filter((root) => !isAbsolute(root));
    if (relative.length > 0) problems.push(`CC_GIT_ALLOWED_ROOTS entries must be absolute: ${relative.join(', ')}`);
    return [...new Set(roots.map((root) => resolve(root)))];
  };

  const setupToken = (): string | undefined => {
    const text = raw('CC_SETUP_TOKEN');
    if (text === '') return undefined;
    if (text.length < 24 || text.length > 200) problems.push('CC_SETUP_TOKEN must be 24 to 200 characters long');
    return text;
  };

  const outbound = (): OutboundSettings => {
    let allowPrivate = parsePrivateAllowance('false');
    try {
      allowPrivate = parsePrivateAllowance(raw('CC_OUTBOUND_ALLOW_PRIVATE'));
    } catch (error) {
      problems.push(`CC_OUTBOUND_ALLOW_PRIVATE must be true, false or hosts and CIDRs: ${(error as Error).message}`);
    }
    // The lower-case spellings are as common as the upper-case ones (curl reads only http_proxy).
    const proxy = (name: 'HTTP_PROXY' | 'HTTPS_PROXY') =>
      url(name, ['http:', 'https:'], raw(name) || env[name.toLowerCase()]?.trim() || '');
    return {
      allowPrivate,
      connectTimeoutMs: integer('CC_OUTBOUND_CONNECT_TIMEOUT_MS', 100, 600_000),
      headersTimeoutMs: integer('CC_OUTBOUND_HEADERS_TIMEOUT_MS', 100, 3_600_000),
      bodyTimeoutMs: integer('CC_OUTBOUND_BODY_TIMEOUT_MS', 100, 86_400_000),
      maxResponseBytes: integer('CC_OUTBOUND_MAX_RESPONSE_BYTES', 1, 5 * 1024 * 1024 * 1024),
      maxAttempts: integer('CC_OUTBOUND_MAX_ATTEMPTS', 1, 10),
      backoff: { baseMs: 250, maxMs: 10_000 },
      maxRetryAfterMs: integer('CC_OUTBOUND_MAX_RETRY_AFTER_SECONDS', 0, 3600) * 1000,
      breakerFailures: integer('CC_OUTBOUND_BREAKER_FAILURES', 1, 1000),
      breakerResetMs: integer('CC_OUTBOUND_BREAKER_RESET_SECONDS', 1, 3600) * 1000,
      maxRedirects: 5,
      httpProxy: proxy('HTTP_PROXY'),
      httpsProxy: proxy('HTTPS_PROXY'),
      noProxy: raw('NO_PROXY') || env.no_proxy?.trim() || undefined,
    };
  };

  const port = integer('PORT', 0, 65535);
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const logLevel = raw('LOG_LEVEL') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const roles = list('CC_ROLES') as ServerRole[];
  const unknownRoles = roles.filter((role) => !ALL_ROLES.includes(role));
  if (unknownRoles.length > 0 || roles.length === 0) {
    problems.push(`CC_ROLES has unknown roles: ${unknownRoles.join(', ') || '(empty)'}; use ${ALL_ROLES.join(', ')}`);
  }
  const corsOrigins = list('CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      problems.push(`CORS_ORIGINS entry ${JSON.stringify(origin)} is not an origin`);
  }
  const secretKey = raw('CC_SECRET_KEY') || undefined;
  if (secretKey !== undefined && secretKey.length < 32) problems.push('CC_SECRET_KEY must be at least 32 characters');
  if (secretKey === undefined && databaseUrl !== undefined) {
    problems.push('CC_SECRET_KEY is required when DATABASE_URL is set (every process must share it)');
  }
  // Only the default mentions PORT; an operator's URL is taken as written.
  const publicUrlText =
    env.CC_PUBLIC_URL?.trim() || CONFIG_VARIABLES.CC_PUBLIC_URL.default.replace('PORT', String(port));
  const publicUrl = url('CC_PUBLIC_URL', ['http:', 'https:'], publicUrlText) ?? '';

  const config: Config = {
    port,
    host: raw('HOST'),
    dataDir: resolve(raw('CC_DATA_DIR')),
    databaseUrl,
    databasePoolMax: integer('DATABASE_POOL_MAX', 1, 500),
    databaseIdleTimeoutMs: integer('DATABASE_IDLE_TIMEOUT_MS', 1000, 3_600_000),
    databaseStatementTimeoutMs: integer('DATABASE_STATEMENT_TIMEOUT_MS', 100, 3_600_000),
    natsUrl: url('NATS_URL', ['nats:', 'tls:', 'ws:', 'wss:']),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    secretKey,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    corsOrigins,
    logLevel,
    roles: [...new Set(roles)],
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', 1024, 1024 * 1024 * 1024),
    rateLimitPerMinute: integer('RATE_LIMIT_PER_MINUTE', 1, 10_000_000),
    loginMaxAttemptsPerAccount: integer('LOGIN_MAX_ATTEMPTS_PER_ACCOUNT', 1, 100_000),
    loginMaxAttemptsPerIp: integer('LOGIN_MAX_ATTEMPTS_PER_IP', 1, 1_000_000),
    loginWindowSeconds: integer('LOGIN_WINDOW_SECONDS', 1, 86_400),
    passwordMinLength: integer('PASSWORD_MIN_LENGTH', 8, 128),
    vacuumIntervalMinutes: integer('CC_VACUUM_INTERVAL_MINUTES', 0, 10_080),
    sseHeartbeatSeconds: integer('CC_SSE_HEARTBEAT_SECONDS', 1, 300),
    shutdownTimeoutSeconds: integer('CC_SHUTDOWN_TIMEOUT_SECONDS', 1, 3600),
    setupToken: setupToken(),
    attachmentMaxBytes: integer('CC_ATTACHMENT_MAX_BYTES', 1, 5 * 1024 * 1024 * 1024),
    attachmentTypes: attachmentTypes(),
    blobStoreUrl: blobStoreUrl(),
    gitAllowedRoots: gitAllowedRoots(),
    outbound: outbound(),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Embedded installs should work with no setup, so the signing key is generated once into the data dir
 * (mode 0600) and reused on every start. A configured key always wins.
 */
export function resolveSecretKey(config: Config): Config & { secretKey: string } {
  if (config.secretKey !== undefined) return { ...config, secretKey: config.secretKey };
  const file = join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return { ...config, secretKey: readFileSync(file, 'utf8').trim() };
}

export type ResolvedConfig = Config & { secretKey: string };
