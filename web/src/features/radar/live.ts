import { coalescedPerProject, liveRules } from '../../live/effects';
import { radarKeys } from './keys';

/**
 * Radar events make the radar's queries stale. An import emits an event per row, so invalidation is coalesced: at most
 * one refetch per project every 500 ms, not one per event.
 */
const RADAR_EVENT_PREFIXES = [
  'commandcenter.technology.',
  'commandcenter.blip.',
  'commandcenter.radar.',
  'commandcenter.proposal.',
];

const invalidateSoon = coalescedPerProject(500, (client, projectId) => {
  void client.invalidateQueries({ queryKey: radarKeys.all(projectId) });
});

/** Adds the radar's rules to the shell's live rules; called once at start-up (features/live-rules.ts). */
export function registerRadarLiveRules(): void {
  for (const prefix of RADAR_EVENT_PREFIXES) {
    liveRules.push({ prefix, apply: (client, projectId) => invalidateSoon(client, projectId) });
  }
}
