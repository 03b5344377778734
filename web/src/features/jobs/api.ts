import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { JobStatus } from '../../api/types';
import { applyJobUpdate } from '../../live/effects';

export const ACTIVE = new Set(['pending', 'running']);

/** How many jobs ran in the last `days`, by status and by type. */
export function useJobSummary(projectId: string, days: number) {
  return useQuery({
    queryKey: [...keys.jobSummary(projectId), days],
    queryFn: () =>
      call(api.GET('/api/v1/projects/{projectId}/jobs/summary', { params: { path: { projectId }, query: { days } } })),
  });
}

/**
 * The project's jobs, newest first, paged. The live stream patches this list; it polls only while the stream is
 * down and something is still moving.
 */
export function useJobs(projectId: string, { status, type }: { status: string; type: string }, streamLive: boolean) {
  return useInfiniteQuery({
    queryKey: keys.jobList(projectId, { ...(status ? { status } : {}), ...(type ? { type } : {}) }),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/projects/{projectId}/jobs', {
          params: {
            path: { projectId },
            query: {
              limit: 50,
              ...(status ? { status: [status as JobStatus] } : {}),
              ...(type ? { type } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => {
      if (streamLive) return false;
      const moving = query.state.data?.pages.some((page) => page.items.some((job) => ACTIVE.has(job.status)));
      return moving ? 5_000 : false;
    },
  });
}

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
