import type { NatsConnection } from '@nats-io/transport-node';
import type { FastifyBaseLogger } from 'fastify';
import type { ResolvedConfig, ServerRole } from './config.js';
import { jobDefinitions, productSubscribers } from './modules/registry.js';
import type { Database } from './platform/db/database.js';
import { instanceId } from './platform/db/instance.js';
import { startDispatcher } from './platform/events/dispatcher.js';
import { type EventFeed, startEventFeed } from './platform/events/feed.js';
import { ensureEventStream, natsNames, startNatsConsumers, startRelay } from './platform/events/nats.js';
import { EVENTS_CHANNEL } from './platform/events/outbox.js';
import type { Subscriber } from './platform/events/subscribers.js';
import type { JobDefinition } from './platform/jobs/catalog.js';
import { type Jobs, startJobs } from './platform/jobs/jobs.js';

export interface Runtime {
  readonly jobs: Jobs;
  readonly feed: EventFeed;
  readonly subscribers: readonly Subscriber[];
  stop(): Promise<void>;
}

export interface RuntimeSettings {
  db: Database;
  logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  roles: readonly ServerRole[];
  /** With NATS, events travel through JetStream (relay + durable consumers); without, the in-process dispatcher. */
  nats?: NatsConnection;

  /** Job types beyond the product's own (benchmarks and tests bring theirs). */
  extraJobs?: readonly JobDefinition[];
  jobPollingIntervalSeconds?: number;
  eventPollIntervalMs?: number;
}

/**
 * With a configuration, the product's subscribers and every job type (the storage jobs need its blob store);
 * tests and benchmarks may bring their own subscribers instead.
 */
export type RuntimeOptions = RuntimeSettings &
  (
    | { config: ResolvedConfig; subscribers?: readonly Subscriber[] }
    | { config?: undefined; subscribers: readonly Subscriber[] }
  );

/**
 * The moving parts behind the API: the job queue (every role enqueues; the worker role runs jobs), this
 * process's live event feed, and, in the worker role, the event transport that feeds subscribers. Commits wake
 * them through the database's NOTIFY; each also polls as a safety net.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { db, logger } = options;
  const subscribers =
    options.config === undefined ? options.subscribers : (options.subscribers ?? productSubscribers());
  const worker = options.roles.includes('worker');
  const stops: Array<() => Promise<void>> = [];
  const wakers: Array<() => void> = [];
  const stop = async () => {
    for (const step of stops.reverse()) {
      await step().catch((error: unknown) => logger.error({ err: error }, 'runtime shutdown step failed'));
    }
  };
  try {
    const jobs = await startJobs({
      db,
      definitions: [...jobDefinitions(subscribers, options.config), ...(options.extraJobs ?? [])],
      logger,
      pollingIntervalSeconds: options.jobPollingIntervalSeconds,
    });
    stops.push(() => jobs.stop());
    const feed = await startEventFeed({ db, logger, pollIntervalMs: options.eventPollIntervalMs });
    stops.push(() => feed.stop());
    wakers.push(() => feed.wake());

    if (worker) {
      if (options.nats !== undefined) {
        const names = natsNames(await instanceId(db));
        await ensureEventStream(options.nats, names);
        const relay = startRelay({
          db,
          nats: options.nats,
          names,
          logger,
          pollIntervalMs: options.eventPollIntervalMs,
        });
        stops.push(() => relay.stop());
        wakers.push(() => relay.wake());
        const consumers = await startNatsConsumers({
          db,
          nats: options.nats,
          names,
          subscribers: [...subscribers],
          logger,
        });
        stops.push(() => consumers.stop());
      } else {
        const dispatcher = startDispatcher({
          db,
          subscribers: [...subscribers],
          logger,
          pollIntervalMs: options.eventPollIntervalMs,
        });
        stops.push(() => dispatcher.stop());
        wakers.push(() => dispatcher.wake());
      }
      await jobs.work();
    }
    const unlisten = await db.listen(EVENTS_CHANNEL, () => {
      for (const wake of wakers) wake();
    });
    stops.push(unlisten);
    return { jobs, feed, subscribers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
