import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App, ServiceContext } from '../../platform/context.js';
import { requireScope } from '../../platform/http/access.js';
import { actorContext } from '../../platform/http/actor.js';
import { Page, PageQuery, ProjectIdParams, problemResponses } from '../../platform/http/schemas.js';
import * as invitations from './invitations.js';
import {
  AcceptedInvitation,
  AcceptInvitationBody,
  CreatedInvitation,
  CreateInvitationBody,
  Invitation,
  InvitationParams,
  InvitationPreview,
  InvitationTokenBody,
} from './schemas.js';

/** An answer that carries a one-time token must not be kept by a browser or a proxy. */
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

export function registerInvitationRoutes(app: App, context: ServiceContext): void {
  const { db } = context;

  app.post(
    '/api/v1/projects/:projectId/invitations',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['members'],
        summary: 'Invite an email with a role: a one-time link to pass on (the same answer whether it has an account)',
        params: ProjectIdParams,
        body: CreateInvitationBody,
        response: { 201: CreatedInvitation, ...problemResponses },
      },
    },
    async (request, reply) =>
      noStore(reply)
        .code(201)
        .send(await invitations.createInvitation(context, requireScope(request), actorContext(request), request.body)),
  );

  app.get(
    '/api/v1/projects/:projectId/invitations',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['members'],
        summary: "The project's invitations, newest first, with their status (tokens are never shown again)",
        params: ProjectIdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Page(Invitation), ...problemResponses },
      },
    },
    (request) =>
      invitations.listInvitations(db, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.delete(
    '/api/v1/projects/:projectId/invitations/:invitationId',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['members'],
        summary: 'Withdraw an invitation; its link stops working',
        params: InvitationParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await invitations.revokeInvitation(db, requireScope(request), actorContext(request), request.params.invitationId);
      return reply.code(204).send(null);
    },
  );

  // The token travels in bodies, never in URLs, so that it stays out of access logs.
  app.post(
    '/api/v1/invitations/preview',
    {
      config: { public: true },
      schema: {
        tags: ['members'],
        summary: 'What an invitation link opens: project, role and email',
        body: InvitationTokenBody,
        response: { 200: InvitationPreview, ...problemResponses },
      },
    },
    (request) => invitations.previewInvitation(db, request.body.token),
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      config: { public: true },
      schema: {
        tags: ['members'],
        summary: 'Accept an invitation: signed in as its email, or creating the account with a name and password',
        body: AcceptInvitationBody,
        response: { 200: AcceptedInvitation, ...problemResponses },
      },
    },
    (request) => invitations.acceptInvitation(context, actorContext(request), request.body),
  );
}
