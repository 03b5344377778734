import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, killAll, removeDir, runCc, startServe, tempDataDir } from '../helpers/process.js';
import { requireService } from '../helpers/services.js';

const PASSWORD = 'correct horse battery staple';

describe('cc on an embedded data dir', () => {
  let dir = '';
  const env: Record<string, string> = {};
  const email = 'operator@example.com';
  beforeAll(() => {
    // A bare folder: these tests are about a first start (initdb and every migration).
    dir = tempDataDir('cc-cli-', { empty: true });
    env.CC_DATA_DIR = dir;
  });
  afterAll(async () => {
    await killAll();
    removeDir(dir);
  });

  it('lists its commands in --help', { timeout: 60_000 }, async () => {
    const help = await runCc(['--help']);
    expect(help.code, help.process.describe()).toBe(0);
    for (const command of ['serve', 'migrate', 'user', 'project', 'apikey']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('refuses bad configuration listing every bad variable (exit 2)', { timeout: 60_000 }, async () => {
    const result = await runCc(['migrate'], {
      env: { ...env, PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_POOL_MAX: '0' },
    });
    expect(result.code, result.process.describe()).toBe(2);
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_POOL_MAX']) expect(result.stderr).toContain(name);
    expect(existsSync(join(dir, 'pgdata'))).toBe(false);
  });

  it('migrates a fresh dir, then reports it up to date', { timeout: 90_000 }, async () => {
    const first = await runCc(['migrate'], { env });
    expect(first.code, first.process.describe()).toBe(0);
    // Soft: the rest of the flow is still checked when only the report is wrong.
    expect.soft(first.stdout, 'cc migrate reports what it applied').toMatch(/applied .*0000_platform_roles/);
    expect(existsSync(join(dir, 'pgdata'))).toBe(true);
    const second = await runCc(['migrate'], { env });
    expect(second.code, second.process.describe()).toBe(0);
    expect(second.stdout).toMatch(/up to date/);
    expect(existsSync(join(dir, 'commandcenter.lock'))).toBe(false);
  });

  it('creates the administrator from stdin and lists it', { timeout: 90_000 }, async () => {
    const created = await runCc(
      ['user', 'create', '--admin', '--email', email, '--name', 'Operator', '--password-stdin'],
      { env, stdin: `${PASSWORD}\n` },
    );
    expect(created.code, created.process.describe()).toBe(0);
    expect(created.stdout).toContain(email);
    expect(created.stdout).not.toContain(PASSWORD);

    const listed = await runCc(['user', 'list', '--json'], { env });
    expect(listed.code, listed.process.describe()).toBe(0);
    const users = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(users).toEqual([expect.objectContaining({ email, displayName: 'Operator', isAdmin: true })]);
    expect(listed.stdout).not.toMatch(/password/i);
  });

  let slug = '';
  let apiKey = '';

  it('creates and lists a project owned by that user', { timeout: 90_000 }, async () => {
    const created = await runCc(['project', 'create', '--name', 'CLI Project', '--owner', email, '--json'], { env });
    expect(created.code, created.process.describe()).toBe(0);
    slug = (JSON.parse(created.stdout) as { slug: string }).slug;
    expect(slug).toBe('cli-project');

    const unknownOwner = await runCc(['project', 'create', '--name', 'Nobody', '--owner', 'nobody@example.com'], {
      env,
    });
    expect(unknownOwner.code).not.toBe(0);
    expect(unknownOwner.stderr).toContain('nobody@example.com');

    const listed = await runCc(['project', 'list'], { env });
    expect(listed.code, listed.process.describe()).toBe(0);
    expect(listed.stdout).toMatch(/cli-project\s+CLI Project\s+\(1 members\)/);
    expect(listed.stdout).not.toContain('Nobody');
  });

  it('creates an API key that authenticates against a started server', { timeout: 120_000 }, async () => {
    const created = await runCc(['apikey', 'create', '--project', slug, '--name', 'ci', '--role', 'viewer'], { env });
    expect(created.code, created.process.describe()).toBe(0);
    apiKey = created.stdout.match(/\bcc_[A-Za-z0-9_-]+/)?.[0] ?? '';
    expect(apiKey, created.stdout).not.toBe('');
    expect(created.stdout).toMatch(/viewer/);

    const server = await startServe(dir);
    try {
      // The administrator exists already, so no setup link is printed.
      expect(server.setupToken).toBeUndefined();
      const listed = await http('GET', `${server.url}/api/v1/projects`, { token: apiKey });
      expect(listed.status, listed.body).toBe(200);
      expect(listed.json<{ items: unknown[] }>().items).toEqual([
        expect.objectContaining({ slug, name: 'CLI Project', role: 'viewer' }),
      ]);
      const forged = await http('GET', `${server.url}/api/v1/projects`, { token: `${apiKey.slice(0, -3)}xyz` });
      expect(forged.status).toBe(401);
    } finally {
      expect((await server.process.stop('SIGTERM')).code).toBe(0);
    }
  });
});

const postgresUrl = requireService('postgres');

describe.skipIf(postgresUrl === undefined)('cc on PostgreSQL (DATABASE_URL)', () => {
  const name = `cc_cli_${randomBytes(6).toString('hex')}`;
  let dir = '';
  let databaseUrl = '';
  beforeAll(() => {
    dir = tempDataDir('cc-cli-pg-', { empty: true });
  });

  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  afterAll(async () => {
    await killAll();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    removeDir(dir);
  });

  it('needs CC_SECRET_KEY, then migrates and creates a user in that database', { timeout: 120_000 }, async () => {
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(postgresUrl!);
    url.pathname = `/${name}`;
    databaseUrl = url.href;

    const withoutKey = await runCc(['migrate'], { env: { DATABASE_URL: databaseUrl, CC_DATA_DIR: dir } });
    expect(withoutKey.code, withoutKey.process.describe()).toBe(2);
    expect(withoutKey.stderr).toContain('CC_SECRET_KEY');

    const env = {
      DATABASE_URL: databaseUrl,
      CC_SECRET_KEY: 'cli-test-secret-key-long-enough-0123456789',
      CC_DATA_DIR: dir,
    };
    const migrated = await runCc(['migrate'], { env });
    expect(migrated.code, migrated.process.describe()).toBe(0);
    expect.soft(migrated.stdout, 'cc migrate reports what it applied').toMatch(/applied .*0002_core_rls/);
    const again = await runCc(['migrate'], { env });
    expect(again.stdout).toMatch(/up to date/);

    const email = 'pg-operator@example.com';
    const created = await runCc(
      ['user', 'create', '--admin', '--email', email, '--name', 'PG Operator', '--password-stdin'],
      { env, stdin: PASSWORD },
    );
    expect(created.code, created.process.describe()).toBe(0);
    const listed = await runCc(['user', 'list', '--json'], { env });
    expect(listed.code, listed.process.describe()).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ email, isAdmin: true })]);

    // It really went to PostgreSQL: the row is in that database, and no embedded database was opened.
    const rows = await (async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query('SELECT email, is_admin FROM users')).rows;
      } finally {
        await client.end();
      }
    })();
    expect(rows).toEqual([{ email, is_admin: true }]);
    expect(existsSync(join(dir, 'pgdata'))).toBe(false);
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
  });
});
