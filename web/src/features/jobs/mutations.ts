import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { applyJobUpdate } from '../../live/effects';

/** Cancels or retries a job; the answer patches the cached lists as a live update would. */
export function useJobAction(projectId: string, jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (verb: 'cancel' | 'retry') => {
      const params = { path: { projectId, jobId } };
      return call(
        verb === 'cancel'
          ? api.POST('/api/v1/projects/{projectId}/jobs/{jobId}/cancel', { params })
          : api.POST('/api/v1/projects/{projectId}/jobs/{jobId}/retry', { params }),
      );
    },
    onSuccess: (updated) => applyJobUpdate(client, projectId, updated),
  });
}
