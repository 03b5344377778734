import { Type } from 'typebox';
import type { App, ServiceContext } from '../../../platform/context.js';
import { requireScope } from '../../../platform/http/access.js';
import { actorContext } from '../../../platform/http/actor.js';
import { Page, ProjectIdParams, problemResponses } from '../../../platform/http/schemas.js';
import { PageQueryOnly, RADAR_ROUTE_BASE, RADAR_TAGS } from '../schemas.js';
import {
  AddRelationBody,
  CreateTechnologyBody,
  HistoryEntry,
  Relation,
  RelationParams,
  Technology,
  TechnologyListQuery,
  TechnologyParams,
  UpdateTechnologyBody,
} from './schemas.js';
import * as service from './service.js';

/** Technologies: viewers read; members add, change and delete them. */
export function registerTechnologyRoutes(app: App, context: ServiceContext): void {
  const base = RADAR_ROUTE_BASE;
  const tags = RADAR_TAGS;

  app.get(
    `${base}/technologies`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Technologies: full-text search (q), filters, sort and order, cursor pagination',
        params: ProjectIdParams,
        querystring: TechnologyListQuery,
        response: { 200: Page(Technology), ...problemResponses },
      },
    },
    // The service renders the page as JSON text (see listTechnologiesJson); Fastify sends a string typed as JSON as
    // is. The type provider only knows the parsed shape, hence the cast.
    async (request, reply) => {
      const json = await service.listTechnologiesJson(context, requireScope(request), request.query);
      return reply.type('application/json; charset=utf-8').send(json as never);
    },
  );

  app.post(
    `${base}/technologies`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Add a technology (title unique per project, case-insensitive), optionally placed on a radar',
        params: ProjectIdParams,
        body: CreateTechnologyBody,
        response: { 201: Technology, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.createTechnology(context, requireScope(request), actorContext(request), request.body)),
  );

  app.get(
    `${base}/technologies/:technologyId`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'One technology with its placements',
        params: TechnologyParams,
        response: { 200: Technology, ...problemResponses },
      },
    },
    (request) => service.getTechnology(context, requireScope(request), request.params.technologyId),
  );

  app.patch(
    `${base}/technologies/:technologyId`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: "Change a technology's fields",
        params: TechnologyParams,
        body: UpdateTechnologyBody,
        response: { 200: Technology, ...problemResponses },
      },
    },
    (request) =>
      service.updateTechnology(
        context,
        requireScope(request),
        actorContext(request),
        request.params.technologyId,
        request.body,
      ),
  );

  app.delete(
    `${base}/technologies/:technologyId`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Delete a technology with its blips, relations, history and proposals',
        params: TechnologyParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.deleteTechnology(
        context,
        requireScope(request),
        actorContext(request),
        request.params.technologyId,
      );
      return reply.code(204).send(null);
    },
  );
}

/** A technology's relations and placement history: viewers read; members relate technologies. */
export function registerTechnologyLinkRoutes(app: App, context: ServiceContext): void {
  const base = RADAR_ROUTE_BASE;
  const tags = RADAR_TAGS;

  app.get(
    `${base}/technologies/:technologyId/relations`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Relations of a technology, both directions',
        params: TechnologyParams,
        response: { 200: Type.Object({ items: Type.Array(Relation) }), ...problemResponses },
      },
    },
    (request) => service.listRelations(context, requireScope(request), request.params.technologyId),
  );

  app.post(
    `${base}/technologies/:technologyId/relations`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Relate this technology to another: alternative_to, depends_on, replaces',
        params: TechnologyParams,
        body: AddRelationBody,
        response: { 201: Relation, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.addRelation(
            context,
            requireScope(request),
            actorContext(request),
            request.params.technologyId,
            request.body,
          ),
        ),
  );

  app.delete(
    `${base}/technologies/:technologyId/relations/:relationId`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Remove a relation',
        params: RelationParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.removeRelation(
        context,
        requireScope(request),
        actorContext(request),
        request.params.technologyId,
        request.params.relationId,
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/technologies/:technologyId/history`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'The placement timeline of a technology on every radar, oldest first',
        params: TechnologyParams,
        querystring: PageQueryOnly,
        response: { 200: Page(HistoryEntry), ...problemResponses },
      },
    },
    (request) =>
      service.technologyHistory(context, requireScope(request), request.params.technologyId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );
}
