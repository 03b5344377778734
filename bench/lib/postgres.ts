import { randomBytes } from 'node:crypto';
import pg from 'pg';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'commandcenter-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function postgresReachable(adminUrl: string): Promise<string | undefined> {
  try {
    await withClient(adminUrl, (client) => client.query('SELECT 1'));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  /** Pids of the backends currently connected to this database for the server (not our own admin connection). */
  backendPids(): Promise<number[]>;
  drop(): Promise<void>;
}

/** A new, empty database for one server run; the server migrates it at start, `drop()` removes it. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `cc_bench_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    async backendPids() {
      const result = await withClient(adminUrl, (client) =>
        client.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'commandcenter'",
          [name],
        ),
      );
      return result.rows.map((row) => row.pid);
    },
    async drop() {
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
