import { Type } from 'typebox';
import { toCloudEvent } from '../../platform/events/envelope.js';
import { readEventsAfter } from '../../platform/events/store.js';
import { deliverOnce, type Subscriber } from '../../platform/events/subscribers.js';
import { defineJob } from '../../platform/jobs/catalog.js';

export const ReplayPayload = Type.Object({
  subscriber: Type.String(),
  eventIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 10_000 }),
});

/**
 * Re-delivers events to one subscriber. The idempotency keys of those events were removed in the same
 * transaction that enqueued this job, so each event is applied once more; a rerun after a crash skips the events
 * already re-applied (their keys exist again).
 */
export function createReplayJob(subscribers: readonly Subscriber[]) {
  return defineJob({
    name: 'events.replay',
    description: 'Replay events to a subscriber (dead letters or a chosen set)',
    schema: ReplayPayload,
    policy: {
      retryLimit: 3,
      retryDelaySeconds: 5,
      retryBackoff: true,
      expireInSeconds: 900,
      heartbeatSeconds: 10,
      concurrency: 1,
      batchSize: 1,
    },
    async run(context) {
      const subscriber = subscribers.find((candidate) => candidate.name === context.payload.subscriber);
      if (subscriber === undefined) throw new Error(`no subscriber named ${context.payload.subscriber}`);
      const wanted = new Set(context.payload.eventIds);
      let applied = 0;
      let skipped = 0;
      let done = 0;
      let position = 0;
      await context.progress(0, 'replaying');
      for (;;) {
        const batch = await context.db.tenant({ projectId: context.projectId }, (tx) =>
          readEventsAfter(tx, position, 500, { projectId: context.projectId }),
        );
        if (batch.length === 0) break;
        for (const row of batch) {
          position = row.position;
          if (!wanted.has(row.id)) continue;
          const outcome = await deliverOnce(context.db, subscriber, toCloudEvent(row));
          if (outcome === 'applied') applied += 1;
          else skipped += 1;
          done += 1;
          await context.progress((done / wanted.size) * 100, `${done} of ${wanted.size} events`);
        }
        if (done >= wanted.size) break;
      }
      return { applied, skipped, missing: wanted.size - done };
    },
  });
}
