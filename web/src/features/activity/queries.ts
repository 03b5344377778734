import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { ACTIVITY_LIMIT } from '../../live/queries';

/** The grouped history (GET …/activity): an import is one entry, repeated moves of a blip one entry. */
export function useGroupedActivity(projectId: string) {
  return useQuery({
    queryKey: ['project', projectId, 'activity'],
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/activity', {
          params: { path: { projectId }, query: { limit: ACTIVITY_LIMIT } },
        }),
      ),
    // The live stream shows what is new; the history is read again once a burst of it is over (see SETTLE_MS).
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}
