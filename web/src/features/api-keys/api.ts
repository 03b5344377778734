import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { ApiKeyRole } from '../../api/types';

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

export function useCreateApiKey(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; role: ApiKeyRole; expiresAt?: string }) =>
      call(api.POST('/api/v1/projects/{projectId}/api-keys', { params: { path: { projectId } }, body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.apiKeys(projectId) }),
  });
}

export function useRevokeApiKey(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) =>
      call(api.DELETE('/api/v1/projects/{projectId}/api-keys/{keyId}', { params: { path: { projectId, keyId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.apiKeys(projectId) }),
  });
}
