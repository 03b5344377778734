import type { App, ServiceContext } from '../../platform/context.js';
import { requireScope } from '../../platform/http/access.js';
import { ProjectIdParams, problemResponses } from '../../platform/http/schemas.js';
import { Dashboard, DashboardQuery } from './schemas.js';
import { projectDashboard } from './service.js';

export function registerDashboardRoutes(app: App, context: ServiceContext): void {
  app.get(
    '/api/v1/projects/:projectId/dashboard',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['dashboard'],
        summary: 'The project at a glance: radar counts and movement, open proposals, research due, recent activity',
        params: ProjectIdParams,
        querystring: DashboardQuery,
        response: { 200: Dashboard, ...problemResponses },
      },
    },
    (request) =>
      projectDashboard(context, requireScope(request), {
        days: request.query.days ?? 7,
        top: request.query.top ?? 5,
        activity: request.query.activity ?? 20,
      }),
  );
}
