/** Query keys of the research pages, all under ['project', id, 'research'] so one invalidation refreshes every view. */
export const researchKeys = {
  all: (projectId: string) => ['project', projectId, 'research'] as const,
  /** Every cached task list (board and table, whatever their filters). */
  lists: (projectId: string) => ['project', projectId, 'research', 'list'] as const,
  list: (projectId: string, view: 'board' | 'table', filters: Record<string, unknown>) =>
    ['project', projectId, 'research', 'list', view, filters] as const,
  stats: (projectId: string) => ['project', projectId, 'research', 'stats'] as const,
  task: (projectId: string, taskId: string) => ['project', projectId, 'research', 'task', taskId] as const,
  comments: (projectId: string, taskId: string) => ['project', projectId, 'research', 'comments', taskId] as const,
  attachments: (projectId: string, taskId: string) =>
    ['project', projectId, 'research', 'attachments', taskId] as const,
};
