import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { type Database, scopeStatement, type TenantContext, type Tx } from './database.js';

/**
 * Opens PGlite with pgvector. `dataDir` undefined keeps everything in memory (tests); `loadDataDir` starts from a
 * dump of another instance (tests clone one migrated instance instead of running initdb for each: 1 s instead of 4).
 */
export async function openEmbedded(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob } = {},
): Promise<Database> {
  const client = await PGlite.create(dataDir === undefined ? undefined : join(dataDir, 'pgdata'), {
    extensions: { vector },
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
  });
  const db = drizzle({ client });
  // PGlite is a single connection: its transaction() serialises callers, which is what keeps scopes apart.
  const inTransaction = <T>(statement: string, work: (tx: Tx) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.execute(sql.raw(statement));
      return work(tx as unknown as Tx);
    });

  return {
    kind: 'embedded',
    native: { kind: 'embedded', client },
    tenant: <T>(context: TenantContext, work: (tx: Tx) => Promise<T>) =>
      inTransaction(scopeStatement('cc_app', context), work),
    tenantRead: (context, statement) =>
      client.transaction(async (tx) => {
        await tx.exec(scopeStatement('cc_app', context));
        return (await tx.query<Record<string, unknown>>(statement)).rows;
      }),
    system: <T>(work: (tx: Tx) => Promise<T>) => inTransaction(scopeStatement('cc_system'), work),
    session: (work) =>
      work(async (statements) => {
        const results = await client.exec(statements);
        return (results.at(-1)?.rows ?? []) as Array<Record<string, unknown>>;
      }),
    async listen(channel, onNotify) {
      const unlisten = await client.listen(channel, onNotify);
      return () => unlisten();
    },
    async ping() {
      await client.query('SELECT 1');
    },
    async hasExtension(name) {
      const result = await client.query('SELECT 1 FROM pg_extension WHERE extname = $1', [name]);
      return result.rows.length > 0;
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    async close() {
      await client.close();
    },
  };
}
