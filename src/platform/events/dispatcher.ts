import type { FastifyBaseLogger } from 'fastify';
import { advisoryKey, type Database } from '../db/database.js';
import { retrying } from '../outbound/retry.js';
import { toCloudEvent } from './envelope.js';
import { readCursor, readEventsAfter, saveCursor } from './store.js';
import {
  DEFAULT_RETRY,
  deliverOnce,
  recordDeadLetter,
  retryDelay,
  type Subscriber,
  sleep,
  wants,
} from './subscribers.js';

export interface DispatcherOptions {
  db: Database;
  subscribers: Subscriber[];
  logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** Safety net when a wake-up is missed; commits normally wake the loop at once. */
  pollIntervalMs?: number;
  batchSize?: number;
}

export interface Dispatcher {
  /** Tells the loops there may be new events (called on NOTIFY). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The in-process transport: one loop per subscriber reads the event log after its cursor, in position (commit)
 * order, and delivers each wanted event with retries and backoff; an event that still fails is dead-lettered and
 * the loop moves on. Each loop holds a session advisory lock named after its subscriber, so with several
 * processes on one PostgreSQL exactly one of them runs it (the others wait to take over).
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 200;
  let running = true;
  const wakers = new Set<() => void>();
  const waitForWork = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollIntervalMs);
      function done() {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });

  async function consume(subscriber: Subscriber): Promise<void> {
    const policy = subscriber.retry ?? DEFAULT_RETRY;
    let cursor = (await db.system((tx) => readCursor(tx, subscriber.name))) ?? 0;
    while (running) {
      const batch = await db.system((tx) => readEventsAfter(tx, cursor, batchSize));
      if (batch.length === 0) {
        await waitForWork();
        continue;
      }
      for (const event of batch) {
        if (!running) break;
        if (wants(subscriber, event.type)) {
          const cloudEvent = toCloudEvent(event);
          let attempts = 0;
          try {
            await retrying(
              (attempt) => {
                attempts = attempt;
                return deliverOnce(db, subscriber, cloudEvent);
              },
              {
                attempts: policy.attempts,
                delayAfter: (_error, attempt) => retryDelay(policy, attempt),
                stopped: () => !running,
                sleep,
                onRetry: (error, attempt) =>
                  logger.warn(
                    { err: error, subscriber: subscriber.name, eventId: event.id, attempt },
                    'event delivery failed; retrying',
                  ),
              },
            );
          } catch (error) {
            logger.error({ err: error, subscriber: subscriber.name, eventId: event.id }, 'event dead-lettered');
            if (running) await recordDeadLetter(db, subscriber, cloudEvent, attempts, error);
          }
        }
        cursor = event.position;
      }
      await db.system((tx) => saveCursor(tx, subscriber.name, cursor));
    }
  }

  /** Leads the subscriber's loop while holding its lock; otherwise waits and tries again. */
  async function run(subscriber: Subscriber): Promise<void> {
    const lockKey = advisoryKey(`dispatcher:${subscriber.name}`);
    while (running) {
      const led = await db.session(async (query) => {
        const [row] = await query(`SELECT pg_try_advisory_lock(${lockKey}) AS locked`);
        if (row?.locked !== true) return false;
        try {
          await consume(subscriber);
        } finally {
          await query(`SELECT pg_advisory_unlock(${lockKey})`);
        }
        return true;
      });
      if (!led) await waitForWork();
    }
  }

  const loops = options.subscribers.map((subscriber) =>
    run(subscriber).catch((error: unknown) => {
      logger.error({ err: error, subscriber: subscriber.name }, 'event dispatcher loop stopped');
    }),
  );

  return {
    wake() {
      for (const waker of [...wakers]) waker();
    },
    async stop() {
      running = false;
      for (const waker of [...wakers]) waker();
      await Promise.all(loops);
    },
  };
}
