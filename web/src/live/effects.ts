import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import { keys } from '../api/keys';
import type { CloudEvent, Job, PageOf } from '../api/types';

/**
 * What a live event changes in the query cache. Capabilities add rules here as they arrive: a rule names an event
 * type prefix and the queries it makes stale (or patches the cache directly, as jobs do).
 */
export interface LiveRule {
  prefix: string;
  apply(client: QueryClient, projectId: string, event: CloudEvent): void;
}

const invalidate =
  (...make: Array<(projectId: string) => QueryKey>) =>
  (client: QueryClient, projectId: string) => {
    for (const key of make) void client.invalidateQueries({ queryKey: key(projectId) });
  };

export const liveRules: LiveRule[] = [
  { prefix: 'commandcenter.member.', apply: invalidate(keys.members, keys.project, () => keys.projects()) },
  { prefix: 'commandcenter.api_key.', apply: invalidate(keys.apiKeys) },
  { prefix: 'commandcenter.project.', apply: invalidate(keys.project, () => keys.projects()) },
  {
    prefix: 'commandcenter.job.',
    apply(client, projectId, event) {
      const job = jobFromEvent(event);
      if (job === undefined) {
        void client.invalidateQueries({ queryKey: keys.jobs(projectId) });
        return;
      }
      applyJobUpdate(client, projectId, job);
      // The active-jobs summary changes only when a job starts or stops being active; progress needs no refetch.
      const active = client.getQueryData<PageOf<Job>>(keys.activeJobs(projectId));
      const listed = active?.items.some((item) => item.id === job.id) ?? false;
      if (listed !== (job.status === 'pending' || job.status === 'running')) {
        void client.invalidateQueries({ queryKey: keys.activeJobs(projectId) });
      }
      // The period's summary counts jobs by status: it moves when one is created or settles, not with progress.
      if (job.status !== 'running') void client.invalidateQueries({ queryKey: keys.jobSummary(projectId) });
    },
  },
];

/**
 * A rule's effect run at most once per project every `ms`, however many events arrive meanwhile: an import or a
 * board move emits a burst of events, and one refetch after the burst is what the page needs.
 */
export function coalescedPerProject(
  ms: number,
  effect: (client: QueryClient, projectId: string) => void,
): (client: QueryClient, projectId: string) => void {
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  return (client, projectId) => {
    if (pending.has(projectId)) return;
    pending.set(
      projectId,
      setTimeout(() => {
        pending.delete(projectId);
        effect(client, projectId);
      }, ms),
    );
  };
}

export function applyLiveEvent(client: QueryClient, projectId: string, event: CloudEvent): void {
  for (const rule of liveRules) if (event.type.startsWith(rule.prefix)) rule.apply(client, projectId, event);
}

function jobFromEvent(event: CloudEvent): Job | undefined {
  const data = event.data as Partial<Job> & { job?: Partial<Job> };
  const candidate = data.job ?? data;
  if (typeof candidate.id !== 'string' || typeof candidate.status !== 'string') return undefined;
  return candidate as Job;
}

export interface JobFilters {
  status?: string;
  type?: string;
}

function matches(job: Job, filters: JobFilters): boolean {
  return (
    (filters.status === undefined || filters.status === '' || job.status === filters.status) &&
    (filters.type === undefined || filters.type === '' || job.type === filters.type)
  );
}

/** Puts a job's new record into every cached jobs list of the project: replaces it, adds it, or drops it. */
export function applyJobUpdate(client: QueryClient, projectId: string, job: Job): void {
  const lists = client.getQueriesData<InfiniteData<PageOf<Job>>>({ queryKey: keys.jobs(projectId) });
  for (const [key, data] of lists) {
    if (data === undefined || !Array.isArray(data.pages)) continue;
    const filters = (key[3] ?? {}) as JobFilters;
    const keep = matches(job, filters);
    let found = false;
    const pages = data.pages.map((page) => {
      const items: Job[] = [];
      for (const item of page.items) {
        if (item.id !== job.id) items.push(item);
        else {
          found = true;
          // Events can arrive out of order after a reconnect: never go back in time.
          const newer = Date.parse(job.updatedAt ?? '') >= Date.parse(item.updatedAt ?? '') || !item.updatedAt;
          const next = newer ? { ...item, ...job } : item;
          if (matches(next, filters)) items.push(next);
        }
      }
      return { ...page, items };
    });
    if (!found && keep && pages[0] !== undefined) pages[0] = { ...pages[0], items: [job, ...pages[0].items] };
    client.setQueryData(key, { ...data, pages });
  }
}
