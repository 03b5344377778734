import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAuth } from './auth/RequireAuth';
import { LoginPage } from './features/account/LoginPage';
import { LogoutPage } from './features/account/LogoutPage';
import { ResetPasswordPage } from './features/account/ResetPasswordPage';
import { SetupPage } from './features/account/SetupPage';
import { UsersPage } from './features/admin-users/UsersPage';
import { InvitePage } from './features/projects/InvitePage';
import { ProjectsPage } from './features/projects/ProjectsPage';
import { NotFoundContent, NotFoundPage } from './layout/NotFoundPage';
import { PlaceholderPage } from './layout/PlaceholderPage';
import { Shell } from './layout/Shell';
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
