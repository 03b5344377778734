import type { ResolvedConfig } from '../config.js';
import type { Subscriber } from '../platform/events/subscribers.js';
import type { JobDefinition } from '../platform/jobs/catalog.js';
import { createReplayJob } from './events/jobs.js';
import { eventStatsSubscriber } from './events/subscribers.js';
import { radarImportJob } from './radar/jobs.js';
import { attachmentStore } from './research/service.js';
import { attachmentPurgeSubscriber } from './research/subscribers.js';

/** Every event subscriber of the product; each process runs them in the worker role. */
export function productSubscribers(config: ResolvedConfig): Subscriber[] {
  return [eventStatsSubscriber, attachmentPurgeSubscriber(() => attachmentStore({ config }))];
}

/** Every job type of the product, for the given subscribers; each process can enqueue them, workers run them. */
export function jobDefinitions(subscribers: readonly Subscriber[]): JobDefinition[] {
  return [createReplayJob(subscribers), radarImportJob];
}
