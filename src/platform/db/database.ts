import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { InlinedStatement } from './inline.js';

/** A Drizzle handle bound to one open transaction. Stores receive it; they never open transactions themselves. */
export type Tx = PgDatabase<PgQueryResultHKT>;

/** What a tenant transaction is bound to. RLS policies read these settings; nothing defaults them. */
export interface TenantContext {
  readonly projectId: string;
}

export type RawRunner = (statements: string) => Promise<Array<Record<string, unknown>>>;

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** The underlying connection, for libraries that bring their own SQL (pg-boss). */
export type NativeConnection = { kind: 'embedded'; client: PGlite } | { kind: 'postgres'; url: string };

export interface Database {
  readonly kind: 'embedded' | 'postgres';
  readonly native: NativeConnection;
  /** Runs `work` in one transaction as the `cc_app` role with `app.project_id` set: RLS confines it to one project. */
  tenant<T>(context: TenantContext, work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs one read-only statement in a tenant transaction in a single round trip (BEGIN, scope, statement and COMMIT
   * sent together). For the hottest reads only. The simple protocol takes no parameters, so the statement comes from
   * `inlineStatement`, which writes each value in as a quoted literal; a hand-built string is a type error.
   */
  tenantRead(context: TenantContext, statement: InlinedStatement): Promise<Array<Record<string, unknown>>>;
  /**
   * Runs `work` in one transaction as the `cc_system` role, which RLS lets see every project. For work that is
   * not on behalf of one project: identity, credential look-up, the instance admin's views, maintenance.
   */
  system<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * One connection for raw statements without a role switch (migrations, maintenance). `run` returns the rows of
   * the last statement of a multi-statement string.
   */
  session<T>(work: (run: RawRunner) => Promise<T>): Promise<T>;
  /** Calls `onNotify` for every NOTIFY on `channel` (delivered only after the notifying transaction commits). */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  hasExtension(name: string): Promise<boolean>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The role switch and scope settings, as one statement; ids are validated so they can never inject SQL. */
export function scopeStatement(role: 'cc_app' | 'cc_system', context?: TenantContext): string {
  if (context === undefined) return `SELECT set_config('role', '${role}', true)`;
  if (!UUID_PATTERN.test(context.projectId)) throw new Error('tenant scope needs a UUID project id');
  return `SELECT set_config('role', '${role}', true), set_config('app.project_id', '${context.projectId}', true)`;
}

/** A stable 32-bit advisory-lock key for a name, so locks are named in code rather than numbered. */
export function advisoryKey(name: string): number {
  return createHash('sha256').update(name).digest().readInt32BE(0);
}
