import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { type NatsNames, natsNames } from '../../src/platform/events/nats.js';
import { type CcProcess, printedSetupToken, removeDir, spawnCc, tempDataDir } from './process.js';

/**
 * Helpers for crash tests against real `cc serve` processes: a scratch PostgreSQL database per scenario, nodes
 * started with explicit roles (a worker-only node has no URL), finding which process holds a PostgreSQL advisory
 * lock, and inspecting the shared JetStream stream.
 */

/** A 40-character secret every node of one scenario shares (tokens signed by one node verify on another). */
export const SHARED_SECRET = 'chaos-test-secret-0123456789abcdefghijkl';

export interface ScratchDatabase {
  name: string;
  url: string;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE <prefix>_<random>; queried as the admin user (a superuser: row-level security does not apply). */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.href, max: 2, application_name: 'cc-chaos-test' });
  pool.on('error', () => undefined);
  return {
    name,
    url: url.href,
    async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
      return (await pool.query<R>(text, values)).rows;
    },
    async drop() {
      await pool.end().catch(() => undefined);
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export interface Node {
  name: string;
  roles: string;
  process: CcProcess;
  /** Set when the node runs the api role. */
  url: string | undefined;
  setupToken: string | undefined;
  dataDir: string;
}

/** Starts `cc serve --roles <roles>` on a random port and waits for its "CommandCenter started" log line. */
export async function startNode(
  name: string,
  roles: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<Node> {
  const dataDir = tempDataDir(`cc-${name}-`);
  const child = spawnCc(['serve', '--roles', roles], {
    env: {
      CC_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CC_SECRET_KEY: SHARED_SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000',
      DATABASE_POOL_MAX: '6',
      ...env,
    },
  });
  try {
    const started = await child.waitFor(/^.*"msg":"CommandCenter started".*$/m, { timeoutMs });
    const url = (JSON.parse(started[0]) as { url?: string }).url;
    // The link is printed on stderr (never into the JSON log on stdout); the start-up line says whether to expect it.
    const setupToken = (JSON.parse(started[0]) as { setupRequired?: boolean }).setupRequired
      ? await printedSetupToken(child, timeoutMs)
      : undefined;
    return {
      name,
      roles,
      process: child,
      url,
      setupToken,
      dataDir,
    };
  } catch (error) {
    child.signal('SIGKILL');
    removeDir(dataDir);
    throw error;
  }
}

/** SIGKILL: no shutdown hook runs, sockets are closed by the kernel. */
export async function sigkill(node: Node): Promise<void> {
  node.process.signal('SIGKILL');
  await node.process.exited;
}

/** The client-side TCP port of the PostgreSQL session holding the session advisory lock `key`, if any. */
export async function advisoryLockHolderPort(db: ScratchDatabase, key: number): Promise<number | undefined> {
  const rows = await db.query<{ client_port: number | null }>(
    `SELECT a.client_port
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (
              SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint`,
    [key],
  );
  const port = rows[0]?.client_port;
  return port === null || port === undefined ? undefined : port;
}

function socketInodesForLocalPort(port: number): Set<string> {
  const inodes = new Set<string>();
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const inode = fields[9];
      if (local?.endsWith(`:${hex}`) && inode !== undefined && inode !== '0') inodes.add(inode);
    }
  }
  return inodes;
}

/**
 * Which of `candidates` owns the local TCP port `port` (Linux: /proc/net/tcp and the processes' descriptors). The
 * PostgreSQL server and the client are on one machine here, so the port is unambiguous among our children.
 */
export function nodeOwningPort(port: number, candidates: readonly Node[]): Node | undefined {
  const inodes = socketInodesForLocalPort(port);
  for (const node of candidates) {
    if (!node.process.running) continue;
    const fdDir = `/proc/${node.process.pid}/fd`;
    let fds: string[];
    try {
      fds = readdirSync(fdDir);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`${fdDir}/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined && inodes.has(inode)) return node;
    }
  }
  return undefined;
}

/** Which node's PostgreSQL session holds advisory lock `key` (undefined while nobody holds it). */
export async function lockHolder(
  db: ScratchDatabase,
  key: number,
  candidates: readonly Node[],
): Promise<Node | undefined> {
  const port = await advisoryLockHolderPort(db, key);
  return port === undefined ? undefined : nodeOwningPort(port, candidates);
}

export async function withNats<T>(url: string, work: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connectNats({ servers: url, name: 'cc-chaos-test' });
  try {
    return await work(nc);
  } finally {
    await nc.close();
  }
}

/** The JetStream names of the installation on this database (its instance id is created by migration). */
export async function instanceNames(db: ScratchDatabase): Promise<NatsNames> {
  const rows = await db.query<{ value: string }>(`SELECT value FROM instance_settings WHERE key = 'instance_id'`);
  return natsNames(rows[0]!.value);
}

/** Removes the installation's stream (and with it its consumers) so test runs leave nothing on the NATS server. */
export async function deleteInstanceStream(url: string, names: NatsNames): Promise<void> {
  await withNats(url, async (nc) => {
    const manager = await jetstreamManager(nc);
    await manager.streams.delete(names.stream).catch(() => undefined);
  });
}

export interface StreamSnapshot {
  /** Per-subject counts from stream info (subjects_filter), summed. */
  count: number;
  /** Event ids (Nats-Msg-Id = CloudEvent id) in stream order, read with an ordered consumer. */
  ids: string[];
}

/** The messages of one project in the installation's stream. */
export async function projectMessages(
  url: string,
  names: NatsNames,
  projectId: string,
  read = true,
): Promise<StreamSnapshot> {
  return withNats(url, async (nc) => {
    const manager = await jetstreamManager(nc);
    const filter = `${names.subjectRoot}.${projectId}.>`;
    const info = await manager.streams.info(names.stream, { subjects_filter: filter });
    const count = Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
    const ids: string[] = [];
    if (read && count > 0) {
      const consumer = await jetstream(nc).consumers.get(names.stream, { filter_subjects: filter });
      const messages = await consumer.consume({ max_messages: 500 });
      for await (const message of messages) {
        ids.push((JSON.parse(message.string()) as { id: string }).id);
        if (message.info.pending === 0) break;
      }
      await messages.close();
    }
    return { count, ids };
  });
}

export function cleanupNode(node: Node): void {
  node.process.signal('SIGKILL');
  removeDir(node.dataDir);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
