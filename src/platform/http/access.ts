import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, notFound, unauthorized } from './problems.js';

/** Project roles, strongest first. */
export const PROJECT_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export function roleAtLeast(role: ProjectRole, minimum: ProjectRole): boolean {
  return PROJECT_ROLES.indexOf(role) <= PROJECT_ROLES.indexOf(minimum);
}

/**
 * Who is calling: a signed-in user, or a project API key acting for the user who created it. A user's `isAdmin` is
 * what the database says at the time of the request (the access gate reads it); an access token carries no rights.
 * A key's `role` is already capped by its creator's current role in the project.
 */
export type Principal =
  | { kind: 'user'; userId: string; isAdmin: boolean; expiresAt?: Date }
  | { kind: 'api_key'; keyId: string; projectId: string; role: ProjectRole; userId: string | null };

/** What every project-owned handler receives: the project, who acts, and with which role. */
export interface ProjectScope {
  readonly projectId: string;
  readonly actor: Principal;
  readonly role: ProjectRole;
}

/** How a route is reached. Project routes (`/:projectId/`) must declare `minRole`; nothing is open by default. */
export interface RouteAccess {
  /** No credentials needed (health, login, setup, docs). */
  public?: boolean;
  /** Instance administrators only. */
  instanceAdmin?: boolean;
  /** Least project role needed on `:projectId` routes. */
  minRole?: ProjectRole;
}

declare module 'fastify' {
  interface FastifyContextConfig extends RouteAccess {}
  interface FastifyRequest {
    principal: Principal | null;
    projectScope: ProjectScope | null;
  }
}

export interface AccessResolvers {
  /**
   * Reads credentials from the request; throws 401 for bad ones, returns null when there are none. API keys are
   * fully resolved here (they are read from the database anyway); a user's access token only proves who it is.
   */
  authenticate(request: FastifyRequest): Promise<Principal | null>;
  /**
   * The principal as the database knows it now, and its role in `projectId` when one is given (null when it is
   * not a member, which then answers 404). Throws 401 when the user behind the token is disabled or gone, so that
   * withdrawing access takes effect on the next request, not when the token expires.
   */
  standing(principal: Principal, projectId?: string): Promise<{ principal: Principal; role: ProjectRole | null }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Routes that sit under a project, found from their URL; the isolation matrix uses the same rule. */
export function isProjectRoute(url: string): boolean {
  return url.includes('/:projectId');
}

export function requireScope(request: FastifyRequest): ProjectScope {
  if (request.projectScope === null) throw new Error(`route ${request.url} has no project scope`);
  return request.projectScope;
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (request.principal === null) throw unauthorized();
  return request.principal;
}

/**
 * The one access gate. Every route passes through it in onRequest (before the body is read): it authenticates,
 * and on `:projectId` routes it resolves membership into a ProjectScope. A project the caller cannot see answers
 * 404 exactly like one that does not exist; a role too weak answers 403.
 */
export function registerAccessControl(
  app: FastifyInstance,
  resolvers: AccessResolvers,
  publicPrefixes: string[] = [],
): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('projectScope', null);

  app.addHook('onRoute', (route) => {
    // Routes registered by plugins (the docs UI) cannot carry our config; they are listed as public by prefix.
    if (publicPrefixes.some((prefix) => route.url.startsWith(prefix))) route.config = { ...route.config, public: true };
    const config = (route.config ?? {}) as RouteAccess;
    if (isProjectRoute(route.url) && config.minRole === undefined) {
      throw new Error(`${route.method} ${route.url} is a project route without config.minRole`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config as RouteAccess;
    // Unknown routes answer 404 whoever asks; there is nothing behind them to protect.
    if (request.is404) return;
    if (access.public) {
      // Public routes still learn who calls when credentials are present (e.g. setup status), but never demand it.
      request.principal = await resolvers.authenticate(request).catch(() => null);
      return;
    }
    const credential = await resolvers.authenticate(request);
    if (credential === null) throw unauthorized();
    let projectId: string | undefined;
    if (access.minRole !== undefined) {
      projectId = ((request.params as { projectId?: string }).projectId ?? '').toLowerCase();
      if (!UUID.test(projectId)) throw notFound('Project');
    }
    const { principal, role } = await resolvers.standing(credential, projectId);
    request.principal = principal;
    if (access.instanceAdmin && !(principal.kind === 'user' && principal.isAdmin)) {
      throw forbidden('This action needs an instance administrator.');
    }
    if (projectId === undefined || access.minRole === undefined) return;
    if (role === null) throw notFound('Project');
    if (!roleAtLeast(role, access.minRole)) {
      throw forbidden(`This action needs the ${access.minRole} role in this project; you have ${role}.`);
    }
    request.projectScope = { projectId, actor: principal, role };
  });
}
