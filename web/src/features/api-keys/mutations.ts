import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { RequestBody } from '../../api/types';

export function useCreateApiKey(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/api-keys', 'post'>) =>
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
