import { Type } from 'typebox';
import type { App, ServiceContext } from '../../platform/context.js';
import { requireScope } from '../../platform/http/access.js';
import { actorContext } from '../../platform/http/actor.js';
import { Page, ProjectIdParams, problemResponses } from '../../platform/http/schemas.js';
import {
  AddRepositoryBody,
  Commit,
  CommitListQuery,
  Ref,
  RefListQuery,
  Repository,
  RepositoryListQuery,
  RepositoryParams,
  SyncAccepted,
} from './schemas.js';
import * as repositories from './service.js';

const BASE = '/api/v1/projects/:projectId/repositories';
const ONE = `${BASE}/:repositoryId`;
const tags = ['repositories'];

/**
 * Adding and removing a repository is for admins: either makes the server read a path on its disk or fetch from a
 * URL of the caller's choosing. Members may ask for a sync; viewers read.
 */
export function registerRepositoryRoutes(app: App, context: ServiceContext): void {
  app.get(
    BASE,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Repositories, a page at a time; q filters by name or location',
        params: ProjectIdParams,
        querystring: RepositoryListQuery,
        response: { 200: Page(Repository), ...problemResponses },
      },
    },
    (request) =>
      repositories.listRepositories(context, requireScope(request), {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    BASE,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Add a local repository (under CC_GIT_ALLOWED_ROOTS) or a git URL; its first sync is queued',
        params: ProjectIdParams,
        body: AddRepositoryBody,
        response: { 201: Repository, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await repositories.addRepository(context, requireScope(request), actorContext(request), request.body)),
  );

  app.get(
    ONE,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'One repository with its sync status',
        params: RepositoryParams,
        response: { 200: Repository, ...problemResponses },
      },
    },
    (request) => repositories.getRepository(context, requireScope(request), request.params.repositoryId),
  );

  app.delete(
    ONE,
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Remove a repository with its recorded history (its mirror is deleted by a job)',
        params: RepositoryParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await repositories.removeRepository(
        context,
        requireScope(request),
        actorContext(request),
        request.params.repositoryId,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${ONE}/sync`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Fetch the repository and record what changed, as a job (the pending or running one if any)',
        params: RepositoryParams,
        response: { 202: SyncAccepted, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await repositories.requestSync(
            context,
            requireScope(request),
            actorContext(request),
            request.params.repositoryId,
          ),
        ),
  );

  app.get(
    `${ONE}/commits`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Commits newest first (by author date), optionally only those reachable from a branch',
        params: RepositoryParams,
        querystring: CommitListQuery,
        response: { 200: Page(Commit), ...problemResponses },
      },
    },
    (request) =>
      repositories.listCommits(context, requireScope(request), request.params.repositoryId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  for (const kind of ['branches', 'tags'] as const) {
    app.get(
      `${ONE}/${kind}`,
      {
        config: { minRole: 'viewer' },
        schema: {
          tags,
          summary: kind === 'branches' ? 'Branches with their heads, by name' : 'Tags with the commits they mark',
          params: RepositoryParams,
          querystring: RefListQuery,
          response: { 200: Page(Ref), ...problemResponses },
        },
      },
      (request) =>
        repositories.listRefs(context, requireScope(request), request.params.repositoryId, kind, {
          ...request.query,
          limit: request.query.limit ?? 100,
        }),
    );
  }
}
