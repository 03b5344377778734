import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Database } from '../../src/platform/db/database.js';
import { openEmbedded } from '../../src/platform/db/embedded.js';
import { migrate } from '../../src/platform/db/migrator.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { requireService } from './services.js';

export type DatabaseKind = 'embedded' | 'postgres';

/** The databases every integration suite runs on: PGlite always, the machine's PostgreSQL when configured. */
export function databaseKinds(): DatabaseKind[] {
  return requireService('postgres') === undefined ? ['embedded'] : ['embedded', 'postgres'];
}

export interface TestDatabase {
  db: Database;
  /** Set for PostgreSQL: a fresh database made for this test file. */
  url: string | undefined;
  drop(): Promise<void>;
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: requireService('postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Where the migrated PGlite template of the current migrations is kept, shared by every test file of a run. */
export function templatePath(): string {
  const folder = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(folder).sort()) {
    if (file.endsWith('.sql')) hash.update(file).update(readFileSync(join(folder, file)));
  }
  return join(tmpdir(), `cc-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
}

/**
 * A migrated in-memory PGlite. Starting PGlite runs initdb (about 4 s of CPU); loading a dump of an instance that
 * was already migrated takes about 1 s, so the first test file of a run makes the template and the others clone it
 * (the template's name is a hash of the migrations, so a changed migration makes a new one).
 */
async function migratedEmbedded(): Promise<Database> {
  const template = templatePath();
  if (existsSync(template)) {
    const db = await openEmbedded(undefined, { loadDataDir: new Blob([readFileSync(template)]) });
    await migrate(db);
    // Each test database is its own installation, with its own id (NATS names derive from it).
    await db.session((run) =>
      run(`UPDATE instance_settings SET value = gen_random_uuid()::text WHERE key = 'instance_id'`),
    );
    return db;
  }
  const db = await openEmbedded(undefined);
  await migrate(db);
  if (db.native.kind === 'embedded') {
    const dump = Buffer.from(await (await db.native.client.dumpDataDir('none')).arrayBuffer());
    // Written aside and renamed, so a file running at the same time never reads half a template.
    const partial = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, dump);
    renameSync(partial, template);
  }
  return db;
}

/** Makes the template when missing (the process tests unpack it as a data dir); returns its path. */
export async function ensureEmbeddedTemplate(): Promise<string> {
  if (!existsSync(templatePath())) await (await migratedEmbedded()).close();
  return templatePath();
}

/** A migrated, empty database: in-memory PGlite, or a new PostgreSQL database that `drop()` removes. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'embedded') {
    const db = await migratedEmbedded();
    return { db, url: undefined, drop: () => db.close() };
  }
  const name = `cc_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(requireService('postgres')!);
  url.pathname = `/${name}`;
  const db = openPostgres({ url: url.href, poolMax: 10, idleTimeoutMs: 10_000, statementTimeoutMs: 30_000 });
  await migrate(db);
  return {
    db,
    url: url.href,
    async drop() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
