import { useInfiniteQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';

/** The project's API keys, newest first, paged; revoked ones only when asked (they can still be read). */
export function useApiKeys(projectId: string, includeRevoked: boolean, enabled: boolean) {
  return useInfiniteQuery({
    enabled,
    queryKey: [...keys.apiKeys(projectId), { includeRevoked }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/projects/{projectId}/api-keys', {
          params: {
            path: { projectId },
            query: { limit: 100, includeRevoked, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
