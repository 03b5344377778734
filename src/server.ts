import { connect as connectNats, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { buildApp } from './app.js';
import { type Config, type ResolvedConfig, resolveSecretKey, type ServerRole } from './config.js';
import { issueSetupToken } from './modules/identity/service.js';
import type { App } from './platform/context.js';
import type { Database } from './platform/db/database.js';
import { scheduleVacuum } from './platform/db/maintenance.js';
import { migrate } from './platform/db/migrator.js';
import { openDatabase } from './platform/db/open.js';
import { logSerializers } from './platform/observability/error-serializer.js';
import { startRuntime } from './runtime.js';

export interface RunningServer {
  app: App | undefined;
  url: string | undefined;
  /** Stops accepting, drains in-flight requests, then closes Redis, NATS and the database (and the data-dir lock). */
  stop(): Promise<void>;
}

/**
 * While the instance has no administrator, makes the one-time setup token usable and tells the operator. The
 * token is a credential: it never goes into the structured log. Chosen through CC_SETUP_TOKEN it is not printed at
 * all; generated, the link is printed once on stderr as plain text, for the person at the console.
 */
async function announceSetup(
  db: Database,
  config: ResolvedConfig,
  url: string,
  logger: Pick<Logger, 'info'>,
): Promise<boolean> {
  const token = await issueSetupToken(db, config.setupToken);
  if (token === null) return false;
  // With PORT=0 the operating system picks the port; the default public URL should name the real one.
  const base = config.port === 0 ? config.publicUrl.replace(/:0(?=\/|$)/, `:${new URL(url).port}`) : config.publicUrl;
  if (config.setupToken !== undefined) {
    logger.info({ setupPage: `${base}/setup` }, 'setup required: sign up the administrator with CC_SETUP_TOKEN');
    process.stderr.write(
      `\nCommandCenter needs its first administrator: open ${base}/setup?token=<CC_SETUP_TOKEN>\n\n`,
    );
  } else {
    logger.info('setup required: the one-time setup link is printed on the console (stderr)');
    const link = `${base}/setup?token=${encodeURIComponent(token)}`;
    process.stderr.write(`\nCommandCenter needs its first administrator. Open this one-time link:\n\n  ${link}\n\n`);
  }
  return true;
}

/** Starts the given roles in this process: `api` serves HTTP, `worker` runs jobs and event subscribers. */
export async function startServer(baseConfig: Config, roles: ServerRole[]): Promise<RunningServer> {
  const config = resolveSecretKey(baseConfig);
  const logger = pino({ level: config.logLevel, serializers: logSerializers });
  const database = await openDatabase(config);
  const cleanups: Array<() => Promise<unknown>> = [() => database.close()];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
    }
  };
  try {
    const applied = await migrate(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

    const redis = config.redisUrl === undefined ? undefined : new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
    if (redis !== undefined) cleanups.push(() => redis.quit());
    let nats: NatsConnection | undefined;
    if (config.natsUrl !== undefined) {
      nats = await connectNats({ servers: config.natsUrl, name: 'commandcenter' });
      const connection = nats;
      cleanups.push(() => connection.drain());
    }
    const vacuum = scheduleVacuum(database.db, config.vacuumIntervalMinutes, logger);
    cleanups.push(() => vacuum.stop());
    const runtime = await startRuntime({ config, db: database.db, logger, roles, nats });
    cleanups.push(() => runtime.stop());

    let app: App | undefined;
    let url: string | undefined;
    let beginShutdown = () => 0;
    let setupRequired = false;
    if (roles.includes('api')) {
      const natsConnection = nats;
      ({ app, beginShutdown } = await buildApp({
        config,
        db: database.db,
        runtime,
        redis,
        nats:
          natsConnection === undefined
            ? undefined
            : { name: 'nats', check: async () => void (await natsConnection.flush()) },
      }));
      const started = app;
      cleanups.push(() => started.close());
      url = await app.listen({ port: config.port, host: config.host });
      setupRequired = await announceSetup(database.db, config, url, logger);
    }
    logger.info({ roles, database: database.db.kind, url, setupRequired }, 'CommandCenter started');
    const stop = async () => {
      const streams = beginShutdown();
      if (streams > 0) logger.info({ streams }, 'live streams told to reconnect elsewhere');
      await stopAll();
    };
    return { app, url, stop };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
