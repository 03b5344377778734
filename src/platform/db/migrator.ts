import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

interface Journal {
  entries: Array<{ idx: number; tag: string }>;
}

/** `migrations/` sits at the repository root, both beside `src/` (tsx) and beside `dist/src/` (compiled). */
export function migrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = here.includes(`${join('dist', 'src')}`)
    ? join(here, '..', '..', '..', '..')
    : join(here, '..', '..', '..');
  return join(root, 'migrations');
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 4_242_001;

/**
 * Applies the drizzle-kit journal's migrations that this database has not seen, each in its own transaction.
 * drizzle-kit only generates; we apply from code because drizzle's CLI cannot load PGlite's vector extension,
 * and because several processes starting at once must take turns (advisory lock).
 */
export async function migrate(db: Database, dir = migrationsDir()): Promise<string[]> {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  return db.session(async (run) => {
    if (db.kind === 'postgres') await run(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await run(
        'CREATE TABLE IF NOT EXISTS cc_schema_migrations (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const applied = new Set((await run('SELECT tag FROM cc_schema_migrations')).map((row) => String(row.tag)));
      const newlyApplied: string[] = [];
      for (const entry of [...journal.entries].sort((a, b) => a.idx - b.idx)) {
        if (applied.has(entry.tag)) continue;
        const statements = readFileSync(join(dir, `${entry.tag}.sql`), 'utf8');
        await run(
          `BEGIN;\n${statements}\n;INSERT INTO cc_schema_migrations (tag) VALUES ('${entry.tag}');\nCOMMIT;`,
        ).catch(async (error: unknown) => {
          await run('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${entry.tag} failed: ${(error as Error).message}`);
        });
        newlyApplied.push(entry.tag);
      }
      return newlyApplied;
    } finally {
      if (db.kind === 'postgres') await run(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}
