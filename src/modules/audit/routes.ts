import type { App, ServiceContext } from '../../platform/context.js';
import { requireScope } from '../../platform/http/access.js';
import { Page, ProjectIdParams, problemResponses } from '../../platform/http/schemas.js';
import { AuditEntry, AuditQuery, InstanceAuditQuery } from './schemas.js';
import { listInstanceAudit, listProjectAudit } from './service.js';

export function registerAuditRoutes(app: App, { db }: ServiceContext): void {
  app.get(
    '/api/v1/projects/:projectId/audit',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['audit'],
        summary: "The project's audit log, newest first",
        params: ProjectIdParams,
        querystring: AuditQuery,
        response: { 200: Page(AuditEntry), ...problemResponses },
      },
    },
    (request) => listProjectAudit(db, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/api/v1/admin/audit',
    {
      config: { instanceAdmin: true },
      schema: {
        tags: ['admin'],
        summary: 'The instance audit log (all projects and instance-level entries), newest first',
        querystring: InstanceAuditQuery,
        response: { 200: Page(AuditEntry), ...problemResponses },
      },
    },
    (request) => listInstanceAudit(db, { ...request.query, limit: request.query.limit ?? 50 }),
  );
}
