import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAuth } from './auth/RequireAuth';
import { Shell } from './layout/Shell';
import { LoginPage } from './pages/LoginPage';
import { LogoutPage } from './pages/LogoutPage';
import { NotFoundContent, NotFoundPage } from './pages/NotFoundPage';
import { PlaceholderPage } from './pages/PlaceholderPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { SetupPage } from './pages/SetupPage';
import { projectSections } from './sections';

const projectRoutes: RouteObject[] = projectSections.map((section) =>
  section.path === ''
    ? { index: true, element: section.element }
    : { path: section.path, element: section.element ?? <PlaceholderPage section={section} /> },
);

export const routes: RouteObject[] = [
  { path: '/setup', element: <SetupPage /> },
  { path: '/login', element: <LoginPage /> },
  { path: '/logout', element: <LogoutPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Shell />,
        children: [
          { index: true, element: <ProjectsPage /> },
          { path: 'projects/:projectId', children: [...projectRoutes, { path: '*', element: <NotFoundContent /> }] },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];

export const router = createBrowserRouter(routes);
