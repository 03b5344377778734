import { Type } from 'typebox';
import type { App, ServiceContext } from '../../../platform/context.js';
import { requireScope } from '../../../platform/http/access.js';
import { actorContext } from '../../../platform/http/actor.js';
import { Page, ProjectIdParams, problemResponses } from '../../../platform/http/schemas.js';
import { RADAR_ROUTE_BASE, RADAR_TAGS } from '../schemas.js';
import { CreateRadarBody, Radar, RadarListQuery, RadarParams, UpdateRadarBody } from './schemas.js';
import * as service from './service.js';

/** Radars and their quadrants and rings: viewers read; admins create, change and delete radars. */
export function registerRadarStructureRoutes(app: App, context: ServiceContext): void {
  const base = RADAR_ROUTE_BASE;
  const tags = RADAR_TAGS;

  app.get(
    `${base}/radars`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: "The project's radars (the default one is created on first use)",
        params: ProjectIdParams,
        querystring: RadarListQuery,
        response: { 200: Page(Radar), ...problemResponses },
      },
    },
    (request) =>
      service.listRadars(context, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    `${base}/radars`,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Create a radar (quadrants and rings default to the default radar’s)',
        params: ProjectIdParams,
        body: CreateRadarBody,
        response: { 201: Radar, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.createRadar(context, requireScope(request), actorContext(request), request.body)),
  );

  app.get(
    `${base}/radars/:radarId`,
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'One radar', params: RadarParams, response: { 200: Radar, ...problemResponses } },
    },
    (request) => service.getRadar(context, requireScope(request), request.params.radarId),
  );

  app.patch(
    `${base}/radars/:radarId`,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Rename a radar or change its quadrants and rings (occupied ones cannot be removed: 409)',
        params: RadarParams,
        body: UpdateRadarBody,
        response: { 200: Radar, ...problemResponses },
      },
    },
    (request) =>
      service.updateRadar(context, requireScope(request), actorContext(request), request.params.radarId, request.body),
  );

  app.delete(
    `${base}/radars/:radarId`,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Delete a radar with its blips and volumes (not the default radar)',
        params: RadarParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.deleteRadar(context, requireScope(request), actorContext(request), request.params.radarId);
      return reply.code(204).send(null);
    },
  );
}
