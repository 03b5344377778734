import { rm } from 'node:fs/promises';
import { Type } from 'typebox';
import { defineJob, jobActor } from '../../platform/jobs/catalog.js';
import type { OutboundSettings } from '../../platform/outbound/client.js';
import { mirrorPathOf, syncRepository } from './sync.js';

export interface RepositorySettings {
  /** Mirrors live under `<dataDir>/repositories/<projectId>/`. */
  dataDir: string;
  /** Remotes are held to the outbound calls' rule on private addresses. */
  outbound: Pick<OutboundSettings, 'allowPrivate'>;
}

const RepositoryPayload = Type.Object({ repositoryId: Type.String({ format: 'uuid' }) });

/** Fetches a repository and records its branches, tags and new commits (see syncRepository). */
export function repositorySyncJob(settings: RepositorySettings) {
  return defineJob({
    name: 'repositories.sync',
    description: 'Fetch a repository into its mirror and record its branches, tags and new commits',
    schema: RepositoryPayload,
    policy: {
      // A failed fetch (network, a server briefly down) is worth two more tries; a refused one fails the same way.
      retryLimit: 2,
      retryDelaySeconds: 10,
      retryBackoff: true,
      expireInSeconds: 3600,
      heartbeatSeconds: 30,
      concurrency: 2,
      batchSize: 1,
    },
    run: (context) =>
      syncRepository({
        db: context.db,
        dataDir: settings.dataDir,
        allowPrivate: settings.outbound.allowPrivate,
        projectId: context.projectId,
        repositoryId: context.payload.repositoryId,
        actor: jobActor(context.createdBy, context.correlationId),
        signal: context.signal,
        progress: (percent, step) => context.progress(percent, step),
      }),
  });
}

/** Deletes a removed repository's mirror, after the transaction that removed it committed. */
export function repositoryMirrorRemovalJob(settings: RepositorySettings) {
  return defineJob({
    name: 'repositories.remove_mirror',
    description: "Delete a removed repository's mirror from the data directory",
    schema: RepositoryPayload,
    policy: {
      retryLimit: 5,
      retryDelaySeconds: 5,
      retryBackoff: true,
      expireInSeconds: 900,
      heartbeatSeconds: 30,
      concurrency: 1,
      batchSize: 4,
    },
    async run(context) {
      await rm(mirrorPathOf(settings.dataDir, context.projectId, context.payload.repositoryId), {
        recursive: true,
        force: true,
      });
      return { removed: true };
    },
  });
}
