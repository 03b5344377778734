import { registerDashboardLiveRule } from './dashboard/queries';
import { registerRadarLiveRules } from './radar/live';
import { registerResearchLiveRules } from './research/live';

/**
 * Adds every capability's live rules to the shell's, once at start-up: pages load lazily, but their queries can be
 * cached by another page (the task page reads the radar's technologies), and a live event must refresh them all.
 */
export function registerFeatureLiveRules(): void {
  registerDashboardLiveRule();
  registerRadarLiveRules();
  registerResearchLiveRules();
}
