import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App, ServiceContext } from '../../platform/context.js';
import { requirePrincipal, requireScope } from '../../platform/http/access.js';
import { actorContext } from '../../platform/http/actor.js';
import { unauthorized } from '../../platform/http/problems.js';
import { Page, ProjectIdParams, problemResponses } from '../../platform/http/schemas.js';
import {
  ApiKey,
  ApiKeyListQuery,
  ApiKeyParams,
  CompletedPasswordReset,
  CompletePasswordResetBody,
  CreateApiKeyBody,
  CreatedApiKey,
  CreatedPasswordReset,
  CreatePasswordResetBody,
  CreateUserBody,
  LoginBody,
  Me,
  PasswordResetPreview,
  PasswordResetTokenBody,
  RefreshBody,
  Session,
  SetupBody,
  SetupStatus,
  UpdateUserBody,
  User,
  UserIdParams,
  UserListQuery,
} from './schemas.js';
import * as identity from './service.js';

export const REFRESH_COOKIE = 'cc_refresh';
const AUTH_PATH = '/api/v1/auth';

function setRefreshCookie(context: ServiceContext, reply: FastifyReply, token: string): void {
  reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: context.config.publicUrl.startsWith('https:'),
    path: AUTH_PATH,
    maxAge: identity.REFRESH_TOKEN_TTL_SECONDS,
  });
}

/** Responses that carry a credential must never be kept by a browser or a proxy cache. */
function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

/** Browsers send the refresh token as a cookie; API clients send it in the body. */
function presentedRefreshToken(request: FastifyRequest, body: { refreshToken?: string }): string {
  const token = body.refreshToken ?? request.cookies[REFRESH_COOKIE];
  if (token === undefined || token === '') throw unauthorized('No refresh token: send it in the body or the cookie.');
  return token;
}

export function registerIdentityRoutes(app: App, context: ServiceContext): void {
  const { db } = context;

  app.get(
    '/api/v1/setup',
    {
      config: { public: true },
      schema: {
        tags: ['setup'],
        summary: 'Whether this instance still needs its first administrator',
        response: { 200: SetupStatus },
      },
    },
    async () => ({ setupRequired: await identity.setupRequired(db) }),
  );

  app.post(
    '/api/v1/setup',
    {
      config: { public: true },
      schema: {
        tags: ['setup'],
        summary: 'Create the instance administrator with the one-time token printed at first start',
        body: SetupBody,
        response: { 201: User, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await identity.completeSetup(context, actorContext(request), request.body)),
  );

  app.post(
    `${AUTH_PATH}/login`,
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in: access token (15 min) and a refresh token (body and httpOnly cookie)',
        body: LoginBody,
        response: { 200: Session, ...problemResponses },
      },
    },
    async (request, reply) => {
      const session = await identity.login(context, actorContext(request), request.body.email, request.body.password);
      setRefreshCookie(context, noStore(reply), session.refreshToken);
      return session;
    },
  );

  app.post(
    `${AUTH_PATH}/refresh`,
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Rotate the refresh token; reusing a rotated one revokes the whole session family',
        body: RefreshBody,
        response: { 200: Session, ...problemResponses },
      },
    },
    async (request, reply) => {
      const session = await identity.refresh(
        context,
        actorContext(request),
        presentedRefreshToken(request, request.body),
      );
      setRefreshCookie(context, noStore(reply), session.refreshToken);
      return session;
    },
  );

  app.post(
    `${AUTH_PATH}/logout`,
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Revoke the session the refresh token belongs to',
        body: RefreshBody,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await identity.logout(db, presentedRefreshToken(request, request.body));
      reply.clearCookie(REFRESH_COOKIE, { path: AUTH_PATH });
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${AUTH_PATH}/me`,
    {
      schema: { tags: ['auth'], summary: 'Who the credentials belong to', response: { 200: Me, ...problemResponses } },
    },
    (request) => identity.describe(db, requirePrincipal(request)),
  );

  app.get(
    '/api/v1/admin/users',
    {
      config: { instanceAdmin: true },
      schema: {
        tags: ['admin'],
        summary: 'List users',
        querystring: UserListQuery,
        response: { 200: Page(User), ...problemResponses },
      },
    },
    (request) => identity.listUsers(db, { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/api/v1/admin/users',
    {
      config: { instanceAdmin: true },
      schema: {
        tags: ['admin'],
        summary: 'Create a user',
        body: CreateUserBody,
        response: { 201: User, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await identity.createUser(context, actorContext(request), request.body)),
  );

  app.patch(
    '/api/v1/admin/users/:userId',
    {
      config: { instanceAdmin: true },
      schema: {
        tags: ['admin'],
        summary: 'Change a user (name, password, disabled, administrator); disabling ends their sessions',
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: User, ...problemResponses },
      },
    },
    (request) => identity.updateUser(context, actorContext(request), request.params.userId, request.body),
  );

  app.post(
    '/api/v1/admin/users/:userId/password-reset',
    {
      config: { instanceAdmin: true },
      schema: {
        tags: ['admin'],
        summary: 'A one-time link with which the account owner sets a new password (shown in this answer only)',
        params: UserIdParams,
        body: CreatePasswordResetBody,
        response: { 201: CreatedPasswordReset, ...problemResponses },
      },
    },
    async (request, reply) =>
      noStore(reply)
        .code(201)
        .send(
          await identity.createPasswordResetLink(context, actorContext(request), request.params.userId, request.body),
        ),
  );

  // The token travels in bodies, never in URLs, so that it stays out of access logs.
  app.post(
    '/api/v1/password-reset/preview',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Whose password a reset link sets, and until when it works',
        body: PasswordResetTokenBody,
        response: { 200: PasswordResetPreview, ...problemResponses },
      },
    },
    (request) => identity.previewPasswordReset(context, request.body.token),
  );

  app.post(
    '/api/v1/password-reset',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: "Set a new password with a reset link (once); the account's sessions end",
        body: CompletePasswordResetBody,
        response: { 200: CompletedPasswordReset, ...problemResponses },
      },
    },
    (request) => identity.completePasswordReset(context, actorContext(request), request.body),
  );

  app.get(
    '/api/v1/projects/:projectId/api-keys',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['api-keys'],
        summary: "The project's API keys (secrets are never shown again)",
        params: ProjectIdParams,
        querystring: ApiKeyListQuery,
        response: { 200: Page(ApiKey), ...problemResponses },
      },
    },
    (request) =>
      identity.listApiKeys(db, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/api/v1/projects/:projectId/api-keys',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key; the token is in this response only',
        params: ProjectIdParams,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...problemResponses },
      },
    },
    async (request, reply) =>
      noStore(reply)
        .code(201)
        .send(await identity.createApiKey(db, requireScope(request), actorContext(request), request.body)),
  );

  app.delete(
    '/api/v1/projects/:projectId/api-keys/:keyId',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key; it answers 401 from now on',
        params: ApiKeyParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await identity.revokeApiKey(db, requireScope(request), actorContext(request), request.params.keyId);
      return reply.code(204).send(null);
    },
  );
}
