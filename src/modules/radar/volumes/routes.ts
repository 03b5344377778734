import type { App, ServiceContext } from '../../../platform/context.js';
import { requireScope } from '../../../platform/http/access.js';
import { actorContext } from '../../../platform/http/actor.js';
import { Page, problemResponses } from '../../../platform/http/schemas.js';
import { PageQueryOnly, RADAR_ROUTE_BASE, RADAR_TAGS } from '../schemas.js';
import { RadarParams } from '../structure/schemas.js';
import { Diff, DiffQuery, PublishVolumeBody, Volume, VolumeDetail, VolumeParams } from './schemas.js';
import * as service from './service.js';

/** Volumes and diffs: viewers read; admins publish. */
export function registerVolumeRoutes(app: App, context: ServiceContext): void {
  const base = RADAR_ROUTE_BASE;
  const tags = RADAR_TAGS;

  app.get(
    `${base}/radars/:radarId/volumes`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: "The radar's published volumes, newest first, with movement counts",
        params: RadarParams,
        querystring: PageQueryOnly,
        response: { 200: Page(Volume), ...problemResponses },
      },
    },
    (request) =>
      service.listVolumes(context, requireScope(request), request.params.radarId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    `${base}/radars/:radarId/volumes`,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Publish a snapshot of the radar; movements are computed against the previous volume',
        params: RadarParams,
        body: PublishVolumeBody,
        response: { 201: Volume, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.publishVolume(
            context,
            requireScope(request),
            actorContext(request),
            request.params.radarId,
            request.body,
          ),
        ),
  );

  app.get(
    `${base}/radars/:radarId/volumes/:volumeId`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'One volume with every blip and its movement, and the blips it dropped',
        params: VolumeParams,
        response: { 200: VolumeDetail, ...problemResponses },
      },
    },
    (request) => service.getVolume(context, requireScope(request), request.params.radarId, request.params.volumeId),
  );

  app.get(
    `${base}/radars/:radarId/diff`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Compare two states of the radar (volume ids or "live"); default: latest volume to live',
        params: RadarParams,
        querystring: DiffQuery,
        response: { 200: Diff, ...problemResponses },
      },
    },
    (request) => service.diffRadar(context, requireScope(request), request.params.radarId, request.query),
  );
}
