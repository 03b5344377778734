import { Type } from 'typebox';
import { defineJob, jobActor } from '../../platform/jobs/catalog.js';
import { runImport } from './import/run.js';

export const RadarImportPayload = Type.Object({ importId: Type.String({ format: 'uuid' }) });

/**
 * Imports an uploaded radar file (the upload is a radar_imports row) in one transaction. Idempotent, see
 * runImport; a few retries cover a worker killed mid-way.
 */
export const radarImportJob = defineJob({
  name: 'radar.import',
  description: 'Import a radar file (BYOR CSV or JSON, Zalando JSON) and optionally publish a volume',
  schema: RadarImportPayload,
  policy: {
    retryLimit: 2,
    retryDelaySeconds: 2,
    retryBackoff: true,
    expireInSeconds: 900,
    // A killed worker's import is retried within about 10 + 10 + 2 s (nothing of it shows meanwhile: one transaction).
    heartbeatSeconds: 10,
    concurrency: 1,
    batchSize: 1,
  },
  run: (context) =>
    runImport(
      context.db,
      context.projectId,
      context.payload.importId,
      jobActor(context.createdBy, context.correlationId),
      (percent, step) => context.progress(percent, step),
    ),
});
