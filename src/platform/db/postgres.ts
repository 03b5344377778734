import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { type Database, scopeStatement, type TenantContext, type Tx } from './database.js';

export interface PostgresOptions {
  url: string;
  poolMax: number;
  idleTimeoutMs: number;
  statementTimeoutMs: number;
}

export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    idleTimeoutMillis: options.idleTimeoutMs,
    connectionTimeoutMillis: 10_000,
    statement_timeout: options.statementTimeoutMs,
    application_name: 'commandcenter',
  });
  // An idle pooled connection can be closed by the server (restart, admin); the pool replaces it on next use.
  pool.on('error', () => undefined);
  // BEGIN and the scope settings go in one round trip (simple protocol allows several statements); Drizzle then
  // runs on the same client. Three round trips per transaction instead of four, which matters on every request.
  // Pooled connections live long; one Drizzle handle per connection spares building one per transaction.
  const handles = new WeakMap<pg.PoolClient, Tx>();
  const drizzleFor = (client: pg.PoolClient): Tx => {
    let handle = handles.get(client);
    if (handle === undefined) {
      handle = drizzle({ client }) as unknown as Tx;
      handles.set(client, handle);
    }
    return handle;
  };
  const inTransaction = async <T>(statement: string, work: (tx: Tx) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN; ${statement}`);
      try {
        const result = await work(drizzleFor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  };

  return {
    kind: 'postgres',
    native: { kind: 'postgres', url: options.url },
    tenant: <T>(context: TenantContext, work: (tx: Tx) => Promise<T>) =>
      inTransaction(scopeStatement('cc_app', context), work),
    async tenantRead(context, statement) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        const results = (await client.query(
          `BEGIN; ${scopeStatement('cc_app', context)}; ${statement}; COMMIT`,
        )) as unknown as pg.QueryResult[];
        return results[2]!.rows as Array<Record<string, unknown>>;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    system: <T>(work: (tx: Tx) => Promise<T>) => inTransaction(scopeStatement('cc_system'), work),
    async session(work) {
      const client = await pool.connect();
      try {
        return await work(async (statements) => {
          const result = (await client.query(statements)) as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(result) ? result.at(-1) : result;
          return (last?.rows ?? []) as Array<Record<string, unknown>>;
        });
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
      // LISTEN needs its own connection outside the pool; it reconnects after a drop (a missed NOTIFY is covered by
      // the listeners' polling).
      let client: pg.Client | undefined;
      let closed = false;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString: options.url, application_name: 'commandcenter-listen' });
        next.on('notification', (message) => onNotify(message.payload ?? ''));
        next.on('error', () => {
          next.end().catch(() => undefined);
          if (!closed) setTimeout(() => connect().catch(() => undefined), 1000).unref();
        });
        await next.connect();
        await next.query(`LISTEN ${channel}`);
        client = next;
      };
      await connect();
      return async () => {
        closed = true;
        await client?.end().catch(() => undefined);
      };
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async hasExtension(name) {
      const result = await pool.query('SELECT 1 FROM pg_extension WHERE extname = $1', [name]);
      return (result.rowCount ?? 0) > 0;
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await pool.end();
    },
  };
}
