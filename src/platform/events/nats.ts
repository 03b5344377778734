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

/**
 * JetStream names for one installation. Several installations may share a NATS server, so the stream, its
 * subjects and the durable consumers all carry the instance id: `commandcenter.<instance>.<projectId>.<type>`.
 */
export interface NatsNames {
  stream: string;
  subjectRoot: string;
  subject(event: { projectid: string; type: string }): string;
  durable(subscriber: string): string;
}

export function natsNames(instanceId: string): NatsNames {
  const instance = instanceId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(instance)) throw new Error(`instance id ${instanceId} is not a UUID`);
  const subjectRoot = `commandcenter.${instance}`;
  return {
    stream: `CC_${instance}`,
    subjectRoot,
    subject: (event) => `${subjectRoot}.${event.projectid}.${event.type}`,
    durable: (subscriber) => `cc-${instance.slice(0, 12)}-${subscriber.replace(/[^A-Za-z0-9_-]/g, '_')}`,
  };
}

const RELAY_CURSOR = 'nats-relay';
/**
 * JetStream drops a re-published message whose Nats-Msg-Id it saw within this window. A relay killed between
 * publishing and saving its cursor re-publishes on restart; the window must outlast such a restart.
 */
const DUPLICATE_WINDOW_MS = 15 * 60_000;

type Logger = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export async function ensureEventStream(nats: NatsConnection, names: NatsNames): Promise<void> {
  const manager = await jetstreamManager(nats);
  const config = {
    name: names.stream,
    subjects: [`${names.subjectRoot}.>`],
    storage: StorageType.File,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
  try {
    await manager.streams.info(names.stream);
    await manager.streams.update(names.stream, config);
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
  names: NatsNames;
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
          return js.publish(options.names.subject(event), JSON.stringify(event), { msgID: event.id });
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

// A delivery that takes longer than this without a sign of life is handed to another process.
const ACK_WAIT_MS = 10_000;

/**
 * Reads the stream through one durable consumer per subscriber, shared by every process: each event reaches one
 * process, which applies it with the subscriber's idempotency key and then acks. One message in flight per
 * subscriber keeps commit order; failures are redelivered after the policy's backoff and dead-lettered at the end.
 * A process killed while holding a message delays that subscriber by at most the ack wait (10 s); a slow but live
 * delivery keeps its message by reporting progress.
 */
export async function startNatsConsumers(options: {
  db: Database;
  nats: NatsConnection;
  names: NatsNames;
  subscribers: Subscriber[];
  logger: Logger;
}): Promise<Stoppable> {
  const { db, nats, names, logger } = options;
  const manager = await jetstreamManager(nats);
  const js = jetstream(nats);
  const stops: Array<() => Promise<void>> = [];
  for (const subscriber of options.subscribers) {
    const policy = subscriber.retry ?? DEFAULT_RETRY;
    const durable = names.durable(subscriber.name);
    const settings = {
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${names.subjectRoot}.>`,
      max_ack_pending: 1,
      ack_wait: nanos(ACK_WAIT_MS),
    };
    const existing = await manager.consumers.info(names.stream, durable).catch(() => undefined);
    if (existing === undefined) await manager.consumers.add(names.stream, { durable_name: durable, ...settings });
    else await manager.consumers.update(names.stream, durable, { ack_wait: settings.ack_wait, max_ack_pending: 1 });
    const consumer = await js.consumers.get(names.stream, durable);
    const messages = await consumer.consume({ max_messages: 64 });
    const done = (async () => {
      for await (const message of messages) {
        const event = JSON.parse(message.string()) as CloudEvent;
        if (!wants(subscriber, event.type)) {
          message.ack();
          continue;
        }
        const alive = setInterval(() => message.working(), ACK_WAIT_MS / 3);
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
        } finally {
          clearInterval(alive);
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
