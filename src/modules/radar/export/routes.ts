import { Type } from 'typebox';
import type { App, ServiceContext } from '../../../platform/context.js';
import { requireScope } from '../../../platform/http/access.js';
import { problemResponses } from '../../../platform/http/schemas.js';
import { RADAR_ROUTE_BASE, RADAR_TAGS } from '../schemas.js';
import { RadarParams } from '../structure/schemas.js';
import { ExportQuery } from './schemas.js';
import * as service from './service.js';

/** Exports of a radar or a volume: viewers. */
export function registerExportRoutes(app: App, context: ServiceContext): void {
  const base = RADAR_ROUTE_BASE;
  const tags = RADAR_TAGS;

  app.get(
    `${base}/radars/:radarId/export`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Export the radar (or a volume) as BYOR CSV or JSON, Zalando JSON, or a standalone SVG',
        params: RadarParams,
        querystring: ExportQuery,
        produces: ['text/csv', 'application/json', 'image/svg+xml'],
        response: { 200: Type.String({ description: 'the file' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const file = await service.exportRadar(context, requireScope(request), request.params.radarId, request.query);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );
}
