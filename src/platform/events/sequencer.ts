import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import { watchAppends } from './outbox.js';
import { SEQUENCE_EVENTS } from './store.js';

/** After an append or a move, the first look comes this soon; each empty look doubles the wait up to the poll. */
const SOON_MS = 2;

export interface Sequencer {
  stop(): Promise<void>;
}

/**
 * This process's share of sequencing (ADR 0040): moves committed events from the outbox into the log soon after this
 * process appends (it cannot know when the writer commits, so it looks again at growing intervals) and otherwise on
 * a poll, which also picks up events written by processes without a sequencer (the CLI). Every process runs one;
 * the database lets one at a time move, and each move announces itself on the events channel.
 */
export function startSequencer(options: {
  db: Database;
  logger: Pick<FastifyBaseLogger, 'error'>;
  pollIntervalMs?: number;
}): Sequencer {
  const { db, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let running = true;
  let delay = pollIntervalMs;
  let pauseEndsAt = 0;
  let reschedule: ((ms: number) => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout;
      const finish = () => {
        reschedule = undefined;
        resolve();
      };
      reschedule = (next) => {
        clearTimeout(timer);
        pauseEndsAt = performance.now() + next;
        timer = setTimeout(finish, next);
        timer.unref();
      };
      reschedule(ms);
    });
  const unwatch = watchAppends(() => {
    delay = SOON_MS;
    // Only a long pause is cut: moving a short one forward at every append would postpone the look indefinitely.
    if (pauseEndsAt - performance.now() > SOON_MS) reschedule?.(SOON_MS);
  });

  const loop = (async () => {
    while (running) {
      await pause(delay);
      if (!running) break;
      try {
        // One round trip: the statement is its own transaction (the function needs no role: it runs as its owner).
        const [row] = await db.session((run) => run(SEQUENCE_EVENTS));
        const moved = Number(row?.moved ?? 0);
        delay = moved > 0 ? SOON_MS : Math.min(pollIntervalMs, delay * 2);
      } catch (error) {
        logger.error({ err: error }, 'event sequencing failed; retrying');
        delay = pollIntervalMs;
      }
    }
  })();

  return {
    async stop() {
      running = false;
      unwatch();
      reschedule?.(0);
      await loop;
    },
  };
}
