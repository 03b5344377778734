import { Type } from 'typebox';
import type { App, ServiceContext } from '../../../platform/context.js';
import { requireScope } from '../../../platform/http/access.js';
import { actorContext } from '../../../platform/http/actor.js';
import { Page, problemResponses } from '../../../platform/http/schemas.js';
import { RADAR_ROUTE_BASE, RADAR_TAGS } from '../schemas.js';
import { RadarParams } from '../structure/schemas.js';
import {
  Blip,
  BlipListQuery,
  BlipParams,
  MoveBlipBody,
  PlaceBlipBody,
  RemoveBlipQuery,
  UpdateBlipBody,
} from './schemas.js';
import * as service from './service.js';

/** Blips: viewers read; members place a technology and edit its note; admins move or remove blips directly (members propose instead). */
export function registerBlipRoutes(app: App, context: ServiceContext): void {
  const base = RADAR_ROUTE_BASE;
  const tags = RADAR_TAGS;

  app.get(
    `${base}/radars/:radarId/blips`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'The blips of a radar, with their movement against the latest volume',
        params: RadarParams,
        querystring: BlipListQuery,
        response: { 200: Page(Blip), ...problemResponses },
      },
    },
    (request) =>
      service.listBlips(context, requireScope(request), request.params.radarId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    `${base}/radars/:radarId/blips`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Place a technology on the radar (one blip per technology per radar)',
        params: RadarParams,
        body: PlaceBlipBody,
        response: { 201: Blip, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.placeBlip(
            context,
            requireScope(request),
            actorContext(request),
            request.params.radarId,
            request.body,
          ),
        ),
  );

  app.patch(
    `${base}/radars/:radarId/blips/:blipId`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: "Change a blip's note",
        params: BlipParams,
        body: UpdateBlipBody,
        response: { 200: Blip, ...problemResponses },
      },
    },
    (request) =>
      service.updateBlipNote(
        context,
        requireScope(request),
        actorContext(request),
        request.params.radarId,
        request.params.blipId,
        request.body.note,
      ),
  );

  app.post(
    `${base}/radars/:radarId/blips/:blipId/move`,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Move a blip to another ring or quadrant (a ring change needs a rationale); members propose instead',
        params: BlipParams,
        body: MoveBlipBody,
        response: { 200: Blip, ...problemResponses },
      },
    },
    (request) =>
      service.moveBlip(
        context,
        requireScope(request),
        actorContext(request),
        request.params.radarId,
        request.params.blipId,
        request.body,
      ),
  );

  app.delete(
    `${base}/radars/:radarId/blips/:blipId`,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Take a technology off the radar (its history stays)',
        params: BlipParams,
        querystring: RemoveBlipQuery,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.removeBlip(
        context,
        requireScope(request),
        actorContext(request),
        request.params.radarId,
        request.params.blipId,
        request.query.rationale,
      );
      return reply.code(204).send(null);
    },
  );
}
