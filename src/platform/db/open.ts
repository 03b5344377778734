import type { Config } from '../../config.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import type { Database } from './database.js';
import { openEmbedded } from './embedded.js';
import { openPostgres } from './postgres.js';

export interface OpenedDatabase {
  db: Database;
  /** Present in embedded mode: the data dir is ours until released. */
  lock: DataDirLock | undefined;
  close(): Promise<void>;
}

/** PostgreSQL when DATABASE_URL is set; otherwise PGlite in CC_DATA_DIR, guarded by the data-dir lock. */
export async function openDatabase(config: Config): Promise<OpenedDatabase> {
  if (config.databaseUrl !== undefined) {
    const db = openPostgres({
      url: config.databaseUrl,
      poolMax: config.databasePoolMax,
      idleTimeoutMs: config.databaseIdleTimeoutMs,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
    });
    return { db, lock: undefined, close: () => db.close() };
  }
  const lock = acquireDataDirLock(config.dataDir);
  try {
    const db = await openEmbedded(config.dataDir);
    return {
      db,
      lock,
      async close() {
        try {
          await db.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
