import type { App, ServiceContext } from '../../../platform/context.js';
import { requireScope } from '../../../platform/http/access.js';
import { actorContext } from '../../../platform/http/actor.js';
import { ProjectIdParams, problemResponses } from '../../../platform/http/schemas.js';
import { RADAR_ROUTE_BASE, RADAR_TAGS } from '../schemas.js';
import { ImportAccepted, ImportBody, ImportPreview } from './schemas.js';
import * as service from './service.js';

/** Imports of radar files: admins. */
export function registerImportRoutes(app: App, context: ServiceContext): void {
  const base = RADAR_ROUTE_BASE;
  const tags = RADAR_TAGS;

  app.post(
    `${base}/radar-imports`,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Import a radar file as a job (202), or preview what it would do with dryRun (200, no writes)',
        params: ProjectIdParams,
        body: ImportBody,
        response: { 200: ImportPreview, 202: ImportAccepted, ...problemResponses },
      },
    },
    async (request, reply) => {
      const outcome = await service.importRadar(context, requireScope(request), actorContext(request), request.body);
      return outcome.dryRun ? reply.code(200).send(outcome.preview) : reply.code(202).send(outcome.accepted);
    },
  );
}
