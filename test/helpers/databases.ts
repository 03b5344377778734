import { randomBytes } from 'node:crypto';
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

/** A migrated, empty database: in-memory PGlite, or a new PostgreSQL database that `drop()` removes. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'embedded') {
    const db = await openEmbedded(undefined);
    await migrate(db);
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
