import type { ComponentType } from 'react';
import type { ProjectRole } from './api/types';

/**
 * The project navigation and its routes, in one list. A capability joins the shell by adding an entry here (its page
 * as `page`, loaded on first visit); entries without a page show as "coming" and route to a placeholder, so the
 * layout is final now.
 */
export interface ProjectSection {
  key: string;
  label: string;
  /** Route below /projects/:projectId ('' is the project home). */
  path: string;
  group: 'overview' | 'capabilities' | 'operations' | 'settings';
  description: string;
  /** Hidden for weaker roles (the API enforces it anyway). */
  minRole?: ProjectRole;
  page?: LazyPage;
  /** Pages below the section's path (e.g. `technologies/:technologyId`), reached from the section's own page. */
  subpages?: Array<{ path: string; page: LazyPage }>;
}

/** A page's module, fetched the first time its route matches (React Router's route `lazy`). */
export type LazyPage = () => Promise<{ Component: ComponentType }>;

/** `lazyPage(() => import('./features/x/XPage'), 'XPage')`: the named export of a page module, as a lazy route. */
export function lazyPage<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name): LazyPage {
  return async () => ({ Component: (await load())[name] });
}

export const projectSections: ProjectSection[] = [
  {
    key: 'home',
    label: 'Overview',
    path: '',
    group: 'overview',
    description: 'Dashboard',
    page: lazyPage(() => import('./features/dashboard/ProjectHomePage'), 'ProjectHomePage'),
  },
  {
    key: 'radar',
    label: 'Radar',
    path: 'radar',
    group: 'capabilities',
    description: 'Technology radar: rings, history and proposals',
    page: lazyPage(() => import('./features/radar/RadarPage'), 'RadarPage'),
    subpages: [
      {
        path: 'technologies/:technologyId',
        page: lazyPage(() => import('./features/radar/TechnologyPage'), 'TechnologyPage'),
      },
      { path: 'diff', page: lazyPage(() => import('./features/radar/VolumeDiffPage'), 'VolumeDiffPage') },
      { path: 'import', page: lazyPage(() => import('./features/radar/import/ImportPage'), 'ImportPage') },
      { path: 'proposals', page: lazyPage(() => import('./features/radar/ProposalsPage'), 'ProposalsPage') },
      { path: 'settings', page: lazyPage(() => import('./features/radar/RadarSettingsPage'), 'RadarSettingsPage') },
      { path: 'share', page: lazyPage(() => import('./features/radar/SharePage'), 'SharePage') },
    ],
  },
  {
    key: 'research',
    label: 'Research',
    path: 'research',
    group: 'capabilities',
    description: 'Research tasks and their findings',
    page: lazyPage(() => import('./features/research/ResearchPage'), 'ResearchPage'),
    subpages: [{ path: 'tasks/:taskId', page: lazyPage(() => import('./features/research/TaskPage'), 'TaskPage') }],
  },
  {
    key: 'repositories',
    label: 'Repositories',
    path: 'repositories',
    group: 'capabilities',
    description: 'Connected repositories and code graph',
  },
  {
    key: 'knowledge',
    label: 'Knowledge',
    path: 'knowledge',
    group: 'capabilities',
    description: 'Sources, documents and answers with citations',
  },
  {
    key: 'hub',
    label: 'Hub',
    path: 'hub',
    group: 'capabilities',
    description: 'Agents, workflows, runs and approvals',
  },
  {
    key: 'activity',
    label: 'Activity',
    path: 'activity',
    group: 'operations',
    description: 'Everything that happened, live',
    page: lazyPage(() => import('./features/activity/ActivityPage'), 'ActivityPage'),
  },
  {
    key: 'jobs',
    label: 'Jobs',
    path: 'jobs',
    group: 'operations',
    description: 'Background work and its progress',
    page: lazyPage(() => import('./features/jobs/JobsPage'), 'JobsPage'),
  },
  {
    key: 'members',
    label: 'Members',
    path: 'members',
    group: 'settings',
    description: 'Who is in the project and their roles',
    page: lazyPage(() => import('./features/projects/MembersPage'), 'MembersPage'),
  },
  {
    key: 'api-keys',
    label: 'API keys',
    path: 'api-keys',
    group: 'settings',
    minRole: 'admin',
    description: 'Keys for scripts and integrations',
    page: lazyPage(() => import('./features/api-keys/ApiKeysPage'), 'ApiKeysPage'),
  },
];

export const sectionGroups: Array<{ group: ProjectSection['group']; label: string }> = [
  { group: 'overview', label: '' },
  { group: 'capabilities', label: 'Capabilities' },
  { group: 'operations', label: 'Operations' },
  { group: 'settings', label: 'Settings' },
];
