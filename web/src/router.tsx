import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAuth } from './auth/RequireAuth';
import { Loading } from './components/states';
import { NotFoundContent, NotFoundPage } from './layout/NotFoundPage';
import { PlaceholderPage } from './layout/PlaceholderPage';
import { RouteError } from './layout/RouteError';
import { Shell } from './layout/Shell';
import { type LazyPage, lazyPage, projectSections } from './sections';

/**
 * Only the shell (sign-in guard, frame, navigation, live stream) is in the entry bundle; every page is a route `lazy`
 * that Vite splits into its own chunk, fetched on first visit. Every page route has the same `errorElement`.
 */
const page = (path: string | undefined, load: LazyPage): RouteObject =>
  path === undefined
    ? { index: true, lazy: load, errorElement: <RouteError /> }
    : { path, lazy: load, errorElement: <RouteError /> };

const projectRoutes: RouteObject[] = projectSections.map((section) => {
  if (section.path === '' && section.page !== undefined) return page(undefined, section.page);
  const own: RouteObject =
    section.page === undefined
      ? { index: true, element: <PlaceholderPage section={section} />, errorElement: <RouteError /> }
      : page(undefined, section.page);
  if (section.subpages === undefined) return { path: section.path, children: [own] };
  return { path: section.path, children: [own, ...section.subpages.map((sub) => page(sub.path, sub.page))] };
});

export const routes: RouteObject[] = [
  {
    // While the first page's chunk loads.
    hydrateFallbackElement: <Loading />,
    errorElement: <RouteError />,
    children: [
      page(
        '/setup',
        lazyPage(() => import('./features/account/SetupPage'), 'SetupPage'),
      ),
      page(
        '/login',
        lazyPage(() => import('./features/account/LoginPage'), 'LoginPage'),
      ),
      // Outside RequireAuth: an invitation link is opened signed in or not (it can create the account).
      page(
        '/invite',
        lazyPage(() => import('./features/projects/InvitePage'), 'InvitePage'),
      ),
      // Likewise a password reset link: its owner is signed out (the reset ends their sessions anyway).
      page(
        '/reset-password',
        lazyPage(() => import('./features/account/ResetPasswordPage'), 'ResetPasswordPage'),
      ),
      page(
        '/logout',
        lazyPage(() => import('./features/account/LogoutPage'), 'LogoutPage'),
      ),
      {
        element: <RequireAuth />,
        children: [
          {
            element: <Shell />,
            errorElement: <RouteError />,
            children: [
              page(
                undefined,
                lazyPage(() => import('./features/projects/ProjectsPage'), 'ProjectsPage'),
              ),
              page(
                'admin/users',
                lazyPage(() => import('./features/admin-users/UsersPage'), 'UsersPage'),
              ),
              {
                path: 'projects/:projectId',
                children: [...projectRoutes, { path: '*', element: <NotFoundContent />, errorElement: <RouteError /> }],
              },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
