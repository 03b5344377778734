import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { coalescedPerProject, liveRules } from '../../live/effects';

export type Dashboard =
  paths['/api/v1/projects/{projectId}/dashboard']['get']['responses'][200]['content']['application/json'];

export const dashboardKey = (projectId: string) => ['project', projectId, 'dashboard'] as const;

/** Research tasks due within this many days count as upcoming on the home page. */
export const UPCOMING_DAYS = 14;

export function useDashboard(projectId: string) {
  return useQuery({
    queryKey: dashboardKey(projectId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/dashboard', {
          params: { path: { projectId }, query: { days: UPCOMING_DAYS, top: 6, activity: 12 } },
        }),
      ),
  });
}

/**
 * Almost every event changes some figure on the dashboard, and an import emits one per row: refetch at most once a
 * second per project. Job progress ticks are left out, as the dashboard leaves them out of its activity.
 */
const refreshSoon = coalescedPerProject(1000, (client, projectId) => {
  void client.invalidateQueries({ queryKey: dashboardKey(projectId) });
});

/** Adds the dashboard's rule to the shell's live rules; called once at start-up (features/live-rules.ts). */
export function registerDashboardLiveRule(): void {
  liveRules.push({
    prefix: 'commandcenter.',
    apply: (client, projectId, event) => {
      if (!event.type.startsWith('commandcenter.job.')) refreshSoon(client, projectId);
    },
  });
}
