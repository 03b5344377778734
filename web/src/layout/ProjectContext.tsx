import { createContext, type ReactNode, useContext } from 'react';
import type { Project } from '../api/types';

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
