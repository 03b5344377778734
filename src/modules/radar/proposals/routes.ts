import type { App, ServiceContext } from '../../../platform/context.js';
import { requireScope } from '../../../platform/http/access.js';
import { actorContext } from '../../../platform/http/actor.js';
import { Page, ProjectIdParams, problemResponses } from '../../../platform/http/schemas.js';
import { PageQueryOnly, RADAR_ROUTE_BASE, RADAR_TAGS } from '../schemas.js';
import {
  AddCommentBody,
  CreateProposalBody,
  DecideProposalBody,
  Proposal,
  ProposalComment,
  ProposalListQuery,
  ProposalParams,
} from './schemas.js';
import * as service from './service.js';

/** Ring-change proposals: viewers read; members propose and withdraw their own; admins decide (ADR 0021). */
export function registerProposalRoutes(app: App, context: ServiceContext): void {
  const base = RADAR_ROUTE_BASE;
  const tags = RADAR_TAGS;

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
      service.listProposals(context, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
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
        .send(await service.createProposal(context, requireScope(request), actorContext(request), request.body)),
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
    (request) => service.getProposal(context, requireScope(request), request.params.proposalId),
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
      service.decideProposal(
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
      service.withdrawProposal(context, requireScope(request), actorContext(request), request.params.proposalId),
  );
}

/** Comments on proposals: viewers read; members comment. */
export function registerProposalCommentRoutes(app: App, context: ServiceContext): void {
  const base = RADAR_ROUTE_BASE;
  const tags = RADAR_TAGS;

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
      service.listComments(context, requireScope(request), request.params.proposalId, {
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
          await service.addComment(
            context,
            requireScope(request),
            actorContext(request),
            request.params.proposalId,
            request.body.body,
          ),
        ),
  );
}
