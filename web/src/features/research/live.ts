import type { QueryClient } from '@tanstack/react-query';
import { coalescedPerProject, liveRules } from '../../live/effects';
import { researchKeys } from './keys';

/** The prefix of radarKeys.researchTasks: the research list on each technology page. */
const technologyPageTasks = (projectId: string) => ['project', projectId, 'radar', 'research-tasks'] as const;

/**
 * Research task events make the research queries stale (and the research lists on technology pages). A board move
 * emits several events at once (updated, status_changed), so one refetch per project per 300 ms.
 */
const invalidateSoon = coalescedPerProject(300, (client, projectId) => {
  void invalidateResearch(client, projectId);
});

/** Adds the research rule to the shell's live rules; called once at start-up (features/live-rules.ts). */
export function registerResearchLiveRules(): void {
  liveRules.push({
    prefix: 'commandcenter.research_task.',
    apply: (client, projectId) => invalidateSoon(client, projectId),
  });
}

/** After a change of one's own: every research view refreshes now, without waiting for the event. */
export function invalidateResearch(client: QueryClient, projectId: string): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: researchKeys.all(projectId) }),
    client.invalidateQueries({ queryKey: technologyPageTasks(projectId) }),
  ]).then(() => undefined);
}
