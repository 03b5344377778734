import type { ResolvedConfig } from '../config.js';
import type { Subscriber } from '../platform/events/subscribers.js';
import type { JobDefinition } from '../platform/jobs/catalog.js';
import { projectContentPurgeJob } from '../platform/storage/jobs.js';
import { createReplayJob } from './events/jobs.js';
import { eventStatsSubscriber } from './events/subscribers.js';
import { radarImportJob } from './radar/jobs.js';
import { repositoryMirrorRemovalJob, repositorySyncJob } from './repositories/jobs.js';
import { attachmentContentCollectionJob } from './research/attachments.js';

/** Every event subscriber of the product; each process runs them in the worker role. */
export function productSubscribers(): Subscriber[] {
  return [eventStatsSubscriber];
}

/**
 * Every job type of the product, for the given subscribers; each process can enqueue them, workers run them. The
 * storage and repository jobs work on the configuration's blob store and data directory: a runtime started without
 * one (benchmarks) has none.
 */
export function jobDefinitions(
  subscribers: readonly Subscriber[],
  config: ResolvedConfig | undefined,
): JobDefinition[] {
  const onDisk =
    config === undefined
      ? []
      : [
          attachmentContentCollectionJob(config),
          projectContentPurgeJob(config),
          repositorySyncJob(config),
          repositoryMirrorRemovalJob(config),
        ];
  return [createReplayJob(subscribers), radarImportJob, ...onDisk];
}
