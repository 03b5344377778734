import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAuth } from './auth/RequireAuth';
import { Shell } from './layout/Shell';
import { UsersPage } from './pages/admin/UsersPage';
import { InvitePage } from './pages/InvitePage';
import { LoginPage } from './pages/LoginPage';
import { LogoutPage } from './pages/LogoutPage';
import { NotFoundContent, NotFoundPage } from './pages/NotFoundPage';
import { PlaceholderPage } from './pages/PlaceholderPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SetupPage } from './pages/SetupPage';
import { projectSections } from './sections';

const projectRoutes: RouteObject[] = projectSections.map((section) => {
  if (section.path === '') return { index: true, element: section.element };
  const element = section.element ?? <PlaceholderPage section={section} />;
  if (section.subpages === undefined) return { path: section.path, element };
  return { path: section.path, children: [{ index: true, element }, ...section.subpages] };
});

export const routes: RouteObject[] = [
  { path: '/setup', element: <SetupPage /> },
  { path: '/login', element: <LoginPage /> },
  // Outside RequireAuth: an invitation link is opened signed in or not (it can create the account).
  { path: '/invite', element: <InvitePage /> },
  // Likewise a password reset link: its owner is signed out (the reset ends their sessions anyway).
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/logout', element: <LogoutPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Shell />,
        children: [
          { index: true, element: <ProjectsPage /> },
          { path: 'admin/users', element: <UsersPage /> },
          { path: 'projects/:projectId', children: [...projectRoutes, { path: '*', element: <NotFoundContent /> }] },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];

export const router = createBrowserRouter(routes);
