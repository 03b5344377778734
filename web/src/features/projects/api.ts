import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; slug?: string; description?: string }) =>
      call(api.POST('/api/v1/projects', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.projects() }),
  });
}
