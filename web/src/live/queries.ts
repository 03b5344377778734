import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { keys } from '../api/keys';

/** How many recent events the history shows (and asks the server for). */
export const ACTIVITY_LIMIT = 50;

/** The project's recent events (history from GET …/events, then live ones prepended by the stream). */
export function useActivity(projectId: string) {
  return useQuery({
    queryKey: keys.events(projectId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/events', {
          params: { path: { projectId }, query: { limit: ACTIVITY_LIMIT } },
        }),
      ),
    // The stream keeps this list current; refetching would only race it.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}
