import { type InfiniteData, type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { api, call } from '../api/client';
import { keys } from '../api/keys';
import type { PageOf, Project } from '../api/types';

/** A project as the cached project list already knows it, so switching projects renders at once. */
function fromProjectList(client: QueryClient, projectId: string | undefined): Project | undefined {
  if (projectId === undefined) return undefined;
  const list = client.getQueryData<InfiniteData<PageOf<Project>>>(keys.projects());
  return list?.pages.flatMap((page) => page.items).find((project) => project.id === projectId);
}

export function useProjectQuery(projectId: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    enabled: projectId !== undefined,
    initialData: () => fromProjectList(client, projectId),
    initialDataUpdatedAt: () => client.getQueryState(keys.projects())?.dataUpdatedAt,
    queryKey: keys.project(projectId ?? ''),
    queryFn: () => call(api.GET('/api/v1/projects/{projectId}', { params: { path: { projectId: projectId ?? '' } } })),
  });
}

const ProjectContext = createContext<Project | null>(null);

export function ProjectProvider({ project, children }: { project: Project; children: ReactNode }) {
  return <ProjectContext.Provider value={project}>{children}</ProjectContext.Provider>;
}

/** The current project (inside /projects/:projectId/*), with the caller's role in it. */
export function useProject(): Project {
  const project = useContext(ProjectContext);
  if (project === null) throw new Error('useProject outside a project route');
  return project;
}
