import { Type } from 'typebox';
import type { App, ServiceContext } from '../../platform/context.js';
import { requireScope } from '../../platform/http/access.js';
import { actorContext } from '../../platform/http/actor.js';
import { Page, PageQuery, ProjectIdParams, problemResponses } from '../../platform/http/schemas.js';
import * as exports from './export/service.js';
import * as imports from './import/service.js';
import {
  AddCommentBody,
  AddRelationBody,
  Blip,
  BlipListQuery,
  BlipParams,
  CreateProposalBody,
  CreateRadarBody,
  CreateTechnologyBody,
  DecideProposalBody,
  Diff,
  DiffQuery,
  ExportQuery,
  HistoryEntry,
  ImportAccepted,
  ImportBody,
  ImportPreview,
  MoveBlipBody,
  PlaceBlipBody,
  Proposal,
  ProposalComment,
  ProposalListQuery,
  ProposalParams,
  PublishVolumeBody,
  Radar,
  RadarListQuery,
  RadarParams,
  Relation,
  RelationParams,
  RemoveBlipQuery,
  Technology,
  TechnologyListQuery,
  TechnologyParams,
  UpdateBlipBody,
  UpdateRadarBody,
  UpdateTechnologyBody,
  Volume,
  VolumeDetail,
  VolumeParams,
} from './schemas.js';
import * as radar from './service.js';

const PageQueryOnly = Type.Object({ ...PageQuery });

/**
 * The radar's HTTP surface. Viewers read; members write technologies, place blips, propose and comment; admins
 * change radar structure, move or remove blips directly, publish volumes, import, and decide proposals (ADR 0021).
 */
export function registerRadarRoutes(app: App, context: ServiceContext): void {
  const base = '/api/v1/projects/:projectId';
  const tags = ['radar'];

  // ---- radars

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
      radar.listRadars(context, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
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
        .send(await radar.createRadar(context, requireScope(request), actorContext(request), request.body)),
  );

  app.get(
    `${base}/radars/:radarId`,
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'One radar', params: RadarParams, response: { 200: Radar, ...problemResponses } },
    },
    (request) => radar.getRadar(context, requireScope(request), request.params.radarId),
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
      radar.updateRadar(context, requireScope(request), actorContext(request), request.params.radarId, request.body),
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
      await radar.deleteRadar(context, requireScope(request), actorContext(request), request.params.radarId);
      return reply.code(204).send(null);
    },
  );

  // ---- blips

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
      radar.listBlips(context, requireScope(request), request.params.radarId, {
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
          await radar.placeBlip(
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
      radar.updateBlipNote(
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
      radar.moveBlip(
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
      await radar.removeBlip(
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

  // ---- volumes, diffs, export

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
      radar.listVolumes(context, requireScope(request), request.params.radarId, {
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
          await radar.publishVolume(
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
    (request) => radar.getVolume(context, requireScope(request), request.params.radarId, request.params.volumeId),
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
    (request) => radar.diffRadar(context, requireScope(request), request.params.radarId, request.query),
  );

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
      const file = await exports.exportRadar(context, requireScope(request), request.params.radarId, request.query);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );

  // ---- import

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
      const outcome = await imports.importRadar(context, requireScope(request), actorContext(request), request.body);
      return outcome.dryRun ? reply.code(200).send(outcome.preview) : reply.code(202).send(outcome.accepted);
    },
  );

  // ---- technologies

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
      const json = await radar.listTechnologiesJson(context, requireScope(request), request.query);
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
        .send(await radar.createTechnology(context, requireScope(request), actorContext(request), request.body)),
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
    (request) => radar.getTechnology(context, requireScope(request), request.params.technologyId),
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
      radar.updateTechnology(
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
      await radar.deleteTechnology(context, requireScope(request), actorContext(request), request.params.technologyId);
      return reply.code(204).send(null);
    },
  );

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
    (request) => radar.listRelations(context, requireScope(request), request.params.technologyId),
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
          await radar.addRelation(
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
      await radar.removeRelation(
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
      radar.technologyHistory(context, requireScope(request), request.params.technologyId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  // ---- proposals

  app.get(
    `${base}/proposals`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Ring-change proposals, newest first; filter by status, radar or technology',
        params: ProjectIdParams,
        querystring: ProposalListQuery,
        response: { 200: Page(Proposal), ...problemResponses },
      },
    },
    (request) =>
      radar.listProposals(context, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    `${base}/proposals`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Propose moving a blip to another ring, with a rationale and research tasks',
        params: ProjectIdParams,
        body: CreateProposalBody,
        response: { 201: Proposal, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await radar.createProposal(context, requireScope(request), actorContext(request), request.body)),
  );

  app.get(
    `${base}/proposals/:proposalId`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'One proposal',
        params: ProposalParams,
        response: { 200: Proposal, ...problemResponses },
      },
    },
    (request) => radar.getProposal(context, requireScope(request), request.params.proposalId),
  );

  app.post(
    `${base}/proposals/:proposalId/decision`,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Approve (moves the blip) or reject a proposal; never your own (403 own-proposal)',
        params: ProposalParams,
        body: DecideProposalBody,
        response: { 200: Proposal, ...problemResponses },
      },
    },
    (request) =>
      radar.decideProposal(
        context,
        requireScope(request),
        actorContext(request),
        request.params.proposalId,
        request.body,
      ),
  );

  app.post(
    `${base}/proposals/:proposalId/withdraw`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Withdraw your own open proposal',
        params: ProposalParams,
        response: { 200: Proposal, ...problemResponses },
      },
    },
    (request) =>
      radar.withdrawProposal(context, requireScope(request), actorContext(request), request.params.proposalId),
  );

  app.get(
    `${base}/proposals/:proposalId/comments`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Comments on a proposal, oldest first',
        params: ProposalParams,
        querystring: PageQueryOnly,
        response: { 200: Page(ProposalComment), ...problemResponses },
      },
    },
    (request) =>
      radar.listComments(context, requireScope(request), request.params.proposalId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    `${base}/proposals/:proposalId/comments`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Comment on a proposal',
        params: ProposalParams,
        body: AddCommentBody,
        response: { 201: ProposalComment, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await radar.addComment(
            context,
            requireScope(request),
            actorContext(request),
            request.params.proposalId,
            request.body.body,
          ),
        ),
  );
}
