import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import type { FastifyBaseLogger } from 'fastify';
import { advisoryKey, type Database } from '../db/database.js';
import { type CloudEvent, toCloudEvent } from './envelope.js';
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

export const EVENTS_STREAM = 'CC_EVENTS';
const RELAY_CURSOR = 'nats-relay';
/**
 * JetStream drops a re-published message whose Nats-Msg-Id it saw within this window. A relay killed between
 * publishing and saving its cursor re-publishes on restart; the window must outlast such a restart.
 */
const DUPLICATE_WINDOW_MS = 15 * 60_000;

type Logger = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export function subjectFor(event: { projectid: string; type: string }): string {
  // Subjects are dot-separated tokens; the CloudEvents type's dots become part of the subject hierarchy.
  return `cc.${event.projectid}.${event.type}`;
}

export async function ensureEventStream(nats: NatsConnection): Promise<void> {
  const manager = await jetstreamManager(nats);
  const config = {
    name: EVENTS_STREAM,
    subjects: ['cc.>'],
    storage: StorageType.File,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
  try {
    await manager.streams.info(EVENTS_STREAM);
    await manager.streams.update(EVENTS_STREAM, config);
  } catch {
    await manager.streams.add(config);
  }
}

export interface Stoppable {
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Publishes committed events to JetStream in position order with `Nats-Msg-Id` = event id, then saves its cursor.
 * One relay leads at a time (session advisory lock); a crash re-publishes at most one batch, which JetStream drops
 * as duplicates.
 */
export function startRelay(options: {
  db: Database;
  nats: NatsConnection;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
}): Stoppable {
  const { db, nats, logger } = options;
  const js = jetstream(nats);
  const batchSize = options.batchSize ?? 500;
  let running = true;
  let wakeUp: (() => void) | undefined;
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.pollIntervalMs ?? 1000);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function relay(): Promise<void> {
    let cursor = (await db.system((tx) => readCursor(tx, RELAY_CURSOR))) ?? 0;
    while (running) {
      const batch = await db.system((tx) => readEventsAfter(tx, cursor, batchSize));
      if (batch.length === 0) {
        await idle();
        continue;
      }
      // Publishes go out in order on one connection; awaiting them together keeps order and pipelines the acks.
      await Promise.all(
        batch.map((row) => {
          const event = toCloudEvent(row);
          return js.publish(subjectFor(event), JSON.stringify(event), { msgID: event.id });
        }),
      );
      cursor = batch.at(-1)!.position;
      await db.system((tx) => saveCursor(tx, RELAY_CURSOR, cursor));
    }
  }

  const lockKey = advisoryKey('nats-relay');
  const loop = (async () => {
    while (running) {
      try {
        const led = await db.session(async (query) => {
          const [row] = await query(`SELECT pg_try_advisory_lock(${lockKey}) AS locked`);
          if (row?.locked !== true) return false;
          try {
            await relay();
          } finally {
            await query(`SELECT pg_advisory_unlock(${lockKey})`);
          }
          return true;
        });
        if (!led) await idle();
      } catch (error) {
        logger.error({ err: error }, 'NATS relay failed; retrying');
        await sleep(1000);
      }
    }
  })();

  return {
    wake: () => wakeUp?.(),
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
    },
  };
}

/**
 * Reads the stream through one durable consumer per subscriber, shared by every process: each event reaches one
 * process, which applies it with the subscriber's idempotency key and then acks. One message in flight per
 * subscriber keeps commit order; failures are redelivered after the policy's backoff and dead-lettered at the end.
 */
export async function startNatsConsumers(options: {
  db: Database;
  nats: NatsConnection;
  subscribers: Subscriber[];
  logger: Logger;
}): Promise<Stoppable> {
  const { db, nats, logger } = options;
  const manager = await jetstreamManager(nats);
  const js = jetstream(nats);
  const stops: Array<() => Promise<void>> = [];
  for (const subscriber of options.subscribers) {
    const policy = subscriber.retry ?? DEFAULT_RETRY;
    const durable = `cc-${subscriber.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    try {
      await manager.consumers.info(EVENTS_STREAM, durable);
    } catch {
      await manager.consumers.add(EVENTS_STREAM, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: 'cc.>',
        max_ack_pending: 1,
        ack_wait: nanos(60_000),
      });
    }
    const consumer = await js.consumers.get(EVENTS_STREAM, durable);
    const messages = await consumer.consume({ max_messages: 64 });
    const done = (async () => {
      for await (const message of messages) {
        const event = JSON.parse(message.string()) as CloudEvent;
        if (!wants(subscriber, event.type)) {
          message.ack();
          continue;
        }
        try {
          await deliverOnce(db, subscriber, event);
          message.ack();
        } catch (error) {
          const attempt = message.info.deliveryCount;
          if (attempt >= policy.attempts) {
            logger.error({ err: error, subscriber: subscriber.name, eventId: event.id }, 'event dead-lettered');
            await recordDeadLetter(db, subscriber, event, attempt, error);
            message.term('dead-lettered');
          } else {
            logger.warn(
              { err: error, subscriber: subscriber.name, eventId: event.id, attempt },
              'event delivery failed; retrying',
            );
            message.nak(retryDelay(policy, attempt));
          }
        }
      }
    })();
    stops.push(async () => {
      await messages.close();
      await done;
    });
  }
  return {
    wake() {},
    async stop() {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
