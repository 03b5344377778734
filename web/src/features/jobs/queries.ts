import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { Job, JobStatus } from '../../api/types';

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

/** Pending and running jobs, for the home page's summary. */
export function useActiveJobs(projectId: string) {
  return useQuery({
    queryKey: keys.activeJobs(projectId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/jobs', {
          params: { path: { projectId }, query: { status: ['pending', 'running'], limit: 200 } },
        }),
      ),
  });
}

/**
 * One job's record, read again while it is still moving: every second while the live stream is down, every ten
 * seconds as a safety net while it is up (its events carry the updates).
 */
export function usePolledJob(projectId: string, initial: Job | undefined, streamLive: boolean) {
  return useQuery({
    enabled: initial !== undefined,
    queryKey: keys.job(projectId, initial?.id ?? ''),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/jobs/{jobId}', {
          params: { path: { projectId, jobId: initial?.id ?? '' } },
        }),
      ),
    refetchInterval: (query) => {
      const status = query.state.data?.status ?? initial?.status;
      if (status !== undefined && !ACTIVE.has(status)) return false;
      return streamLive ? 10_000 : 1_000;
    },
  });
}
