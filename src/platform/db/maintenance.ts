import type { FastifyBaseLogger } from 'fastify';
import type { Database } from './database.js';

/**
 * PGlite runs no autovacuum, so dead rows and stale planner statistics would pile up in embedded mode.
 * This runs VACUUM ANALYZE on a timer; PostgreSQL servers have autovacuum and do not need it.
 */
export function scheduleVacuum(
  db: Database,
  intervalMinutes: number,
  logger: Pick<FastifyBaseLogger, 'info' | 'error'>,
) {
  if (db.kind !== 'embedded' || intervalMinutes <= 0) return { async stop() {} };
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running !== undefined) return;
    const started = Date.now();
    running = db
      .session((run) => run('VACUUM ANALYZE'))
      .then(() => logger.info({ ms: Date.now() - started }, 'VACUUM ANALYZE done'))
      .catch((error: unknown) => logger.error({ err: error }, 'VACUUM ANALYZE failed'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMinutes * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
