/** Query keys of the radar pages, all under ['project', id, 'radar'] so one invalidation refreshes every view. */
export const radarKeys = {
  all: (projectId: string) => ['project', projectId, 'radar'] as const,
  radars: (projectId: string) => ['project', projectId, 'radar', 'radars'] as const,
  blips: (projectId: string, radarId: string) => ['project', projectId, 'radar', 'blips', radarId] as const,
  technologies: (projectId: string, radarId: string | undefined) =>
    ['project', projectId, 'radar', 'technologies', radarId ?? 'all'] as const,
  technology: (projectId: string, technologyId: string) =>
    ['project', projectId, 'radar', 'technology', technologyId] as const,
  history: (projectId: string, technologyId: string) =>
    ['project', projectId, 'radar', 'history', technologyId] as const,
  relations: (projectId: string, technologyId: string) =>
    ['project', projectId, 'radar', 'relations', technologyId] as const,
  volumes: (projectId: string, radarId: string) => ['project', projectId, 'radar', 'volumes', radarId] as const,
  volume: (projectId: string, radarId: string, volumeId: string) =>
    ['project', projectId, 'radar', 'volume', radarId, volumeId] as const,
  diff: (projectId: string, radarId: string, from: string, to: string) =>
    ['project', projectId, 'radar', 'diff', radarId, from, to] as const,
  proposals: (projectId: string, filters: Record<string, string | undefined>) =>
    ['project', projectId, 'radar', 'proposals', filters] as const,
  proposal: (projectId: string, proposalId: string) => ['project', projectId, 'radar', 'proposal', proposalId] as const,
  comments: (projectId: string, proposalId: string) => ['project', projectId, 'radar', 'comments', proposalId] as const,
  researchTasks: (projectId: string, technologyId: string) =>
    ['project', projectId, 'radar', 'research-tasks', technologyId] as const,
  /** Outside `all` on purpose: radar events (an import emits one per row) do not change share links. */
  shareLinks: (projectId: string, radarId: string) => ['project', projectId, 'radar-share-links', radarId] as const,
};
