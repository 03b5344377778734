import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import { type CloudEvent, toCloudEvent } from './envelope.js';
import { startSequencer } from './sequencer.js';
import { latestPosition, readEventsAfter } from './store.js';

type Listener = (event: CloudEvent) => void;

/**
 * This process's live view of the log, for Server-Sent Events. It reads events after its last position whenever
 * the database announces new positions (and on a timer, in case an announcement is lost) and hands each event to
 * the listeners of that event's project. The database is the source of truth, so every api process sees every
 * event without a broker. Every process runs a feed, so the feed also runs this process's sequencer, which moves
 * committed events from the outbox into the log and makes those announcements (ADR 0040).
 */
export interface EventFeed {
  /** Registers for one project's events, from the feed's next read on; returns the unsubscribe function. */
  subscribe(projectId: string, listener: Listener): { unsubscribe(): void };
  wake(): void;
  stop(): Promise<void>;
}

export async function startEventFeed(options: {
  db: Database;
  logger: Pick<FastifyBaseLogger, 'error'>;
  pollIntervalMs?: number;
}): Promise<EventFeed> {
  const { db, logger } = options;
  const listeners = new Map<string, Set<Listener>>();
  let position = await db.system(latestPosition);
  let running = true;
  let pending: Promise<void> | undefined;
  let again = false;

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        const batch = await db.system((tx) => readEventsAfter(tx, position, 500));
        for (const row of batch) {
          position = row.position;
          const targets = listeners.get(row.projectId);
          if (targets === undefined) continue;
          const event = toCloudEvent(row);
          for (const listener of targets) listener(event);
        }
        if (batch.length < 500) break;
      }
    } while (again && running);
  }

  function wake(): void {
    if (!running) return;
    if (pending !== undefined) {
      again = true;
      return;
    }
    pending = drain()
      .catch((error: unknown) => logger.error({ err: error }, 'event feed read failed'))
      .finally(() => {
        pending = undefined;
      });
  }

  const timer = setInterval(wake, options.pollIntervalMs ?? 1000);
  timer.unref();
  const sequencer = startSequencer({ db, logger, pollIntervalMs: options.pollIntervalMs });

  return {
    subscribe(projectId, listener) {
      let set = listeners.get(projectId);
      if (set === undefined) {
        set = new Set();
        listeners.set(projectId, set);
      }
      set.add(listener);
      return {
        unsubscribe() {
          set.delete(listener);
          if (set.size === 0) listeners.delete(projectId);
        },
      };
    },
    wake,
    async stop() {
      running = false;
      clearInterval(timer);
      await sequencer.stop();
      await pending;
    },
  };
}
