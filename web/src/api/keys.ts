/** Query keys in one place, so live events and mutations invalidate exactly what pages read. */
export const keys = {
  projects: () => ['projects'] as const,
  project: (projectId: string) => ['project', projectId, 'detail'] as const,
  members: (projectId: string) => ['project', projectId, 'members'] as const,
  /**
   * Under `members` on purpose: the live `commandcenter.member.*` events (invited, invitation withdrawn, added) and
   * every members invalidation refresh the invitations too.
   */
  invitations: (projectId: string) => ['project', projectId, 'members', 'invitations'] as const,
  /** What an invitation link opens (public; by token, so nothing of it is shared with a project's queries). */
  invitationPreview: (token: string) => ['invitation-preview', token] as const,
  apiKeys: (projectId: string) => ['project', projectId, 'api-keys'] as const,
  jobs: (projectId: string) => ['project', projectId, 'jobs'] as const,
  jobList: (projectId: string, filters: { status?: string; type?: string }) =>
    ['project', projectId, 'jobs', filters] as const,
  /** One job's record, polled while it runs (not under `jobs`: refreshing the lists leaves it alone). */
  job: (projectId: string, jobId: string) => ['project', projectId, 'job', jobId] as const,
  /** Pending and running jobs, for the home page's summary (kept apart from the paged lists under `jobs`). */
  activeJobs: (projectId: string) => ['project', projectId, 'jobs-active'] as const,
  /** The jobs page's summary of a period (not under `jobs`, whose entries are the paged lists). */
  jobSummary: (projectId: string) => ['project', projectId, 'jobs-summary'] as const,
  events: (projectId: string) => ['project', projectId, 'events'] as const,
};
