import type { ReactNode } from 'react';
import type { ProjectRole } from './api/types';
import { ActivityPage } from './features/activity/ActivityPage';
import { ApiKeysPage } from './features/api-keys/ApiKeysPage';
import { ProjectHomePage } from './features/dashboard/ProjectHomePage';
import { JobsPage } from './features/jobs/JobsPage';
import { MembersPage } from './features/projects/MembersPage';
import { ImportPage } from './features/radar/import/ImportPage';
import { ProposalsPage } from './features/radar/ProposalsPage';
import { RadarPage } from './features/radar/RadarPage';
import { RadarSettingsPage } from './features/radar/RadarSettingsPage';
import { SharePage } from './features/radar/SharePage';
import { TechnologyPage } from './features/radar/TechnologyPage';
import { VolumeDiffPage } from './features/radar/VolumeDiffPage';
import { ResearchPage } from './features/research/ResearchPage';
import { TaskPage } from './features/research/TaskPage';

/**
 * The project navigation and its routes, in one list. A capability joins the shell by adding an entry here (its page
 * as `element`); entries without an element show as "coming" and route to a placeholder, so the layout is final now.
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
  element?: ReactNode;
  /** Pages below the section's path (e.g. `technologies/:technologyId`), reached from the section's own page. */
  subpages?: Array<{ path: string; element: ReactNode }>;
}

export const projectSections: ProjectSection[] = [
  {
    key: 'home',
    label: 'Overview',
    path: '',
    group: 'overview',
    description: 'Dashboard',
    element: <ProjectHomePage />,
  },
  {
    key: 'radar',
    label: 'Radar',
    path: 'radar',
    group: 'capabilities',
    description: 'Technology radar: rings, history and proposals',
    element: <RadarPage />,
    subpages: [
      { path: 'technologies/:technologyId', element: <TechnologyPage /> },
      { path: 'diff', element: <VolumeDiffPage /> },
      { path: 'import', element: <ImportPage /> },
      { path: 'proposals', element: <ProposalsPage /> },
      { path: 'settings', element: <RadarSettingsPage /> },
      { path: 'share', element: <SharePage /> },
    ],
  },
  {
    key: 'research',
    label: 'Research',
    path: 'research',
    group: 'capabilities',
    description: 'Research tasks and their findings',
    element: <ResearchPage />,
    subpages: [{ path: 'tasks/:taskId', element: <TaskPage /> }],
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
    element: <ActivityPage />,
  },
  {
    key: 'jobs',
    label: 'Jobs',
    path: 'jobs',
    group: 'operations',
    description: 'Background work and its progress',
    element: <JobsPage />,
  },
  {
    key: 'members',
    label: 'Members',
    path: 'members',
    group: 'settings',
    description: 'Who is in the project and their roles',
    element: <MembersPage />,
  },
  {
    key: 'api-keys',
    label: 'API keys',
    path: 'api-keys',
    group: 'settings',
    minRole: 'admin',
    description: 'Keys for scripts and integrations',
    element: <ApiKeysPage />,
  },
];

export const sectionGroups: Array<{ group: ProjectSection['group']; label: string }> = [
  { group: 'overview', label: '' },
  { group: 'capabilities', label: 'Capabilities' },
  { group: 'operations', label: 'Operations' },
  { group: 'settings', label: 'Settings' },
];
