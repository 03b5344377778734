import { connect as connectNats, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from './app.js';
import { type Config, resolveSecretKey, type ServerRole } from './config.js';
import { issueSetupToken } from './modules/identity/service.js';
import type { App } from './platform/context.js';
import { scheduleVacuum } from './platform/db/maintenance.js';
import { migrate } from './platform/db/migrator.js';
import { openDatabase } from './platform/db/open.js';
import { startRuntime } from './runtime.js';

export interface RunningServer {
  app: App | undefined;
  url: string | undefined;
  /** Stops accepting, drains in-flight requests, then closes Redis, NATS and the database (and the data-dir lock). */
  stop(): Promise<void>;
}

/** Starts the given roles in this process: `api` serves HTTP, `worker` runs jobs and event subscribers. */
export async function startServer(baseConfig: Config, roles: ServerRole[]): Promise<RunningServer> {
  const config = resolveSecretKey(baseConfig);
  const logger = pino({ level: config.logLevel });
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
    if (roles.includes('api')) {
      const natsConnection = nats;
      ({ app } = await buildApp({
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
      const setupToken = await issueSetupToken(database.db);
      if (setupToken !== null) {
        // With PORT=0 the operating system picks the port; the default public URL should name the real one.
        const base =
          config.port === 0 ? config.publicUrl.replace(/:0(?=\/|$)/, `:${new URL(url).port}`) : config.publicUrl;
        const link = `${base}/setup?token=${encodeURIComponent(setupToken)}`;
        // Printed plainly (not only as JSON) because a person copies it from the terminal once.
        process.stdout.write(
          `\nCommandCenter needs its first administrator. Open this one-time link:\n\n  ${link}\n\n`,
        );
        logger.info({ setupUrl: link }, 'setup required');
      }
    }
    logger.info({ roles, database: database.db.kind, url }, 'CommandCenter started');
    return { app, url, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
