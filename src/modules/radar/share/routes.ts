import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App, ServiceContext } from '../../../platform/context.js';
import { requireScope } from '../../../platform/http/access.js';
import { actorContext } from '../../../platform/http/actor.js';
import { Page, problemResponses } from '../../../platform/http/schemas.js';
import type { ExportedFile } from '../export/service.js';
import { RadarParams } from '../structure/schemas.js';
import {
  CreatedShareLink,
  CreateShareLinkBody,
  formatOfSharedFile,
  SharedFileParams,
  SharedRadarParams,
  SharedRadarQuery,
  ShareLink,
  ShareLinkListQuery,
  ShareLinkParams,
} from './schemas.js';
import * as share from './service.js';

/**
 * Every answer of a shared URL, the 404 included: readable from any origin (Backstage fetches it from the browser,
 * without credentials), embeddable, never cached (a revoked link stops at once) and not indexed.
 */
async function publicHeaders(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.removeHeader('access-control-allow-credentials');
  reply.header('access-control-allow-origin', '*');
  reply.header('cross-origin-resource-policy', 'cross-origin');
  reply.header('cache-control', 'no-store');
  reply.header('x-robots-tag', 'noindex');
  return payload;
}

function sendFile(reply: FastifyReply, file: ExportedFile) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `inline; filename="${file.filename}"`)
    .send(file.body);
}

/** Share links of a radar (admins) and the public, token-only URLs they open. */
export function registerShareLinkRoutes(app: App, context: ServiceContext): void {
  const base = '/api/v1/projects/:projectId/radars/:radarId/share-links';
  const tags = ['radar'];

  app.post(
    base,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Create a read-only public link to the radar or a volume; the token and URLs are shown once',
        params: RadarParams,
        body: CreateShareLinkBody,
        response: { 201: CreatedShareLink, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .code(201)
        .send(
          await share.createShareLink(
            context,
            requireScope(request),
            actorContext(request),
            request.params.radarId,
            request.body,
          ),
        ),
  );

  app.get(
    base,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: "The radar's share links, newest first, with when each was last used (tokens are never shown again)",
        params: RadarParams,
        querystring: ShareLinkListQuery,
        response: { 200: Page(ShareLink), ...problemResponses },
      },
    },
    (request) =>
      share.listShareLinks(context.db, requireScope(request), request.params.radarId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.delete(
    `${base}/:linkId`,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Revoke a share link: its URLs answer 404 from now on',
        params: ShareLinkParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await share.revokeShareLink(
        context.db,
        requireScope(request),
        actorContext(request),
        request.params.radarId,
        request.params.linkId,
      );
      return reply.code(204).send(null);
    },
  );

  // The public side. The token is the only credential; request logs show these paths without it.
  const produces = ['text/csv', 'application/json', 'image/svg+xml'];
  app.get(
    '/api/v1/shared/radars/:token',
    {
      config: { public: true },
      onSend: publicHeaders,
      schema: {
        tags,
        summary: 'A shared radar in one export format; no credentials (the token in the URL is the credential)',
        params: SharedRadarParams,
        querystring: SharedRadarQuery,
        produces,
        security: [],
        response: { 200: Type.String({ description: 'the file' }), ...problemResponses },
      },
    },
    async (request, reply) =>
      sendFile(reply, await share.serveSharedRadar(context, request.params.token, request.query.format)),
  );

  app.get(
    '/api/v1/shared/radars/:token/:file',
    {
      config: { public: true },
      onSend: publicHeaders,
      schema: {
        tags,
        summary:
          'A shared radar as a file: byor.csv, byor.json, zalando.json, backstage.json or radar.svg (for tools that pick a reader by extension)',
        params: SharedFileParams,
        produces,
        security: [],
        response: { 200: Type.String({ description: 'the file' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const format = formatOfSharedFile(request.params.file);
      if (format === undefined) throw share.shareLinkNotFound();
      return sendFile(reply, await share.serveSharedRadar(context, request.params.token, format));
    },
  );
}
