import type { Subscriber } from '../../platform/events/subscribers.js';
import { countEvent } from './store.js';

/**
 * Keeps per-day, per-type event counts for the activity chart. It runs through the subscriber machinery like any
 * reaction, so its counts are exact only if every event is applied exactly once: a cheap, always-on check of it.
 */
export const eventStatsSubscriber: Subscriber = {
  name: 'event-stats',
  async handle(event, tx) {
    await countEvent(tx, event.projectid, event.time.slice(0, 10), event.type);
  },
};
