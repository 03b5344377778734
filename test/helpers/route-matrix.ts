/**
 * The isolation matrix's shared parts: one entry for every project route (`/:projectId/` in its URL), keyed exactly
 * as Fastify registers it ("METHOD /url/pattern"). The entries live next to the code they test, one file per module:
 * `src/modules/<module>/<module>.isolation.ts` exports `isolationCases` (test-only: the production build leaves the
 * pattern out). test/integration/isolation-matrix.test.ts collects every such file and fails when a route has no
 * entry, when an entry names a route that no longer exists or that another module registers, or when an entry's
 * minRole disagrees with the route's `config.minRole`. Adding a project route therefore means adding an entry to its
 * module's file; adding a module means adding its file.
 *
 * An entry says how to make a VALID request against project A (creating whatever fixture the route needs); the suite
 * then sends that request as an outsider, as every weaker role, as other projects' and weaker API keys, and as a
 * caller with exactly minRole (the positive control, proving the denials are real).
 */
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { ProjectRole } from '../../src/platform/http/access.js';
import { bearer, joinProject, type TestApp, type TestUser } from './app.js';

export type KeyRole = Exclude<ProjectRole, 'owner'>;
export const ROLES: readonly ProjectRole[] = ['owner', 'admin', 'member', 'viewer'];
export const KEY_ROLES: readonly KeyRole[] = ['admin', 'member', 'viewer'];

/** A caller in project A: one of its standing members (`user:<role>`) or one of its API keys (`key:<role>`). */
export type CallerName = `user:${ProjectRole}` | `key:${KeyRole}`;

export interface ApiKeyFixture {
  id: string;
  token: string;
}

export interface MatrixContext {
  test: TestApp;
  /** Project A: the project under attack. */
  projectA: string;
  /** Project B: the outsiders' project. */
  projectB: string;
  /** A's standing members, one per role. */
  a: Record<ProjectRole, TestUser>;
  /** A's standing API keys, one per key role (created by A's owner). */
  keysA: Record<KeyRole, ApiKeyFixture>;
  /** B's owner: the outsider, not a member of A. */
  ownerB: TestUser;
  /** A viewer of B only: a member id that is foreign to A. */
  viewerB: TestUser;
  /** An admin API key of project B. */
  keyB: ApiKeyFixture;
  /** An instance administrator who belongs to no project (instance admin grants no project access). */
  instanceAdmin: TestUser;
  /**
   * Credentials whose grant was withdrawn after they were issued: owners of A since removed, disabled or demoted to
   * viewer, and admin keys of A since revoked, or whose creator was removed or demoted to viewer.
   */
  withdrawn: {
    removedOwner: TestUser;
    disabledOwner: TestUser;
    demotedOwner: TestUser;
    revokedKey: ApiKeyFixture;
    suspendedKey: ApiKeyFixture;
    cappedKey: ApiKeyFixture;
  };
  /** Users in no project at the start; prepare functions add and remove them as fixtures. */
  target: TestUser;
  leaver: TestUser;
}

export interface RouteRequest {
  params: Record<string, string>;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
}

/** One positive-control request: who sends it, what (prepared just before sending), and the 2xx it must get. */
export interface Control {
  label: string;
  token: string;
  request: () => Promise<RouteRequest>;
  status: number;
  /** Checks the effect really happened (optional). */
  verify?: (request: RouteRequest) => Promise<void>;
}

export interface MatrixEntry {
  /** Must equal the route's `config.minRole`; the suite asserts it. */
  minRole: ProjectRole;
  /** The status of a valid request from an allowed caller. */
  success: number;
  /** Creates what the route needs in project A and returns a valid request for a caller with minRole. */
  prepare(ctx: MatrixContext): Promise<RouteRequest>;
  /**
   * The positive controls. Default: A's member with exactly minRole, and A's key with exactly minRole (when keys can
   * hold it), each sending a freshly prepared request and expecting `success`.
   */
  positive?(ctx: MatrixContext): Promise<Control[]>;
  /** Callers that pass the minRole gate but whom the route's own rule refuses (403) for prepare()'s request. */
  alsoForbidden?: { callers: CallerName[]; why: string };
  /**
   * A's URL carrying a resource id of project B (for routes with ids besides :projectId): must answer 404 to A's
   * owner and change nothing in A or B. Required for every route with such an id; the suite asserts it.
   */
  foreign?(ctx: MatrixContext): Promise<RouteRequest>;
  /** What foreign() must answer when not 404 (an id in the body is a validation error, not a missing route target). */
  foreignAnswer?: { status: number; type: string };
  /**
   * Set on list/read routes that show project state: the query to read it with. Every denial case compares these
   * reads of A and B (as their owners) before and after, so a new state-showing route widens the "changes nothing"
   * check by declaring this.
   */
  snapshot?: Record<string, string>;
  /** Why the entry deviates from the plain rule, for readers. */
  note?: string;
}

/** A module's entries, keyed "METHOD /url/pattern": what its `<module>.isolation.ts` exports as `isolationCases`. */
export type IsolationCases = Record<string, MatrixEntry>;

/** The whole matrix: every module's entries, each knowing the module whose case file declared it. */
export type RouteMatrix = Record<string, MatrixEntry & { module: string }>;

/**
 * Merges the case files (keyed by path, as `import.meta.glob` gives them) into one matrix. The module is the folder
 * under src/modules/; a route declared by two files is an error, not a silent override.
 */
export function collectRouteMatrix(files: Record<string, IsolationCases | undefined>): RouteMatrix {
  const matrix: RouteMatrix = {};
  for (const [path, cases] of Object.entries(files)) {
    const module = /\/src\/modules\/([^/]+)\//.exec(path)?.[1];
    if (module === undefined) throw new Error(`${path}: a case file must sit under src/modules/<module>/`);
    if (cases === undefined) throw new Error(`${path} must export its cases as \`isolationCases\``);
    for (const [route, entry] of Object.entries(cases)) {
      const other = matrix[route]?.module;
      if (other !== undefined) throw new Error(`${route} is declared by both ${other} and ${module}`);
      matrix[route] = { ...entry, module };
    }
  }
  return matrix;
}

// ---- fixture helpers (all act as A's owner through the API) ------------------------------------------------------

/** The params of a request that names project A and nothing else. */
export const projectA = (ctx: MatrixContext): RouteRequest => ({ params: { projectId: ctx.projectA } });

let counter = 0;
/** A value no other call returns, for names and bodies that must differ between requests. */
export const unique = () => `${Date.now()}-${++counter}`;

export async function injectAs(
  ctx: MatrixContext,
  token: string | undefined,
  method: string,
  url: string,
  body?: Record<string, unknown>,
) {
  return ctx.test.app.inject({
    method: method as 'GET',
    url,
    headers: token === undefined ? {} : bearer(token),
    ...(body === undefined ? {} : { payload: body }),
  });
}

/** Makes `user` a member of project A with `role`, whatever it was before. */
export async function ensureMemberOfA(ctx: MatrixContext, user: TestUser, role: ProjectRole): Promise<void> {
  const base = `/api/v1/projects/${ctx.projectA}/members`;
  const added = await joinProject(ctx.test, ctx.projectA, ctx.a.owner.token, user, role);
  if (added.statusCode === 200) return;
  expect(added.statusCode, added.body).toBe(409);
  const changed = await injectAs(ctx, ctx.a.owner.token, 'PATCH', `${base}/${user.id}`, { role });
  expect(changed.statusCode, changed.body).toBe(200);
}

/** Makes sure `user` is not a member of project A. */
export async function ensureNotMemberOfA(ctx: MatrixContext, user: TestUser): Promise<void> {
  const removed = await injectAs(
    ctx,
    ctx.a.owner.token,
    'DELETE',
    `/api/v1/projects/${ctx.projectA}/members/${user.id}`,
  );
  expect([204, 404], removed.body).toContain(removed.statusCode);
}

export async function createApiKey(
  test: TestApp,
  projectId: string,
  ownerToken: string,
  role: KeyRole,
  name = 'matrix key',
): Promise<ApiKeyFixture> {
  const response = await test.app.inject({
    method: 'POST',
    url: `/api/v1/projects/${projectId}/api-keys`,
    headers: bearer(ownerToken),
    payload: { name, role },
  });
  if (response.statusCode !== 201) throw new Error(`API key creation failed: ${response.body}`);
  const { id, token } = response.json() as ApiKeyFixture;
  return { id, token };
}

// ---- requests -----------------------------------------------------------------------------------------------------

/** A response read to its end, or (for Server-Sent Events, which never end) just its status and headers. */
export interface Reply {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  /** True when the response was an event stream that was cut off after its headers. */
  streamed: boolean;
  json<T = unknown>(): T;
}

/**
 * app.inject that cannot hang on a streaming route: the payload comes as a stream, an event stream is closed as
 * soon as its headers arrive (the server sees the client leave), anything else is read to the end within timeoutMs.
 */
export async function injectFully(test: TestApp, options: InjectOptions, timeoutMs = 15_000): Promise<Reply> {
  const response = await test.app.inject({ ...options, payloadAsStream: true });
  const base = { statusCode: response.statusCode, headers: response.headers as Record<string, unknown> };
  if (String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
    response.raw.res.destroy();
    return {
      ...base,
      body: '',
      streamed: true,
      json: () => {
        throw new Error('an event stream has no JSON body');
      },
    };
  }
  let timer: NodeJS.Timeout | undefined;
  const chunks: Buffer[] = [];
  const read = (async () => {
    for await (const chunk of response.stream()) chunks.push(Buffer.from(chunk as Buffer));
  })();
  try {
    await Promise.race([
      read,
      new Promise((_, reject) => {
        timer = setTimeout(() => {
          response.raw.res.destroy();
          reject(new Error(`${options.method} ${options.url} did not finish within ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  return { ...base, body, streamed: false, json: <T>() => JSON.parse(body) as T };
}

// ---- state snapshots ---------------------------------------------------------------------------------------------

/** Fields that change on their own or by authenticating, not by a request's effect. */
const VOLATILE_FIELDS = new Set(['lastUsedAt']);

function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !VOLATILE_FIELDS.has(key))
      .map(([key, inner]) => [key, withoutVolatile(inner)]),
  );
}

export type ProjectState = Record<string, unknown>;

/**
 * Everything observable about a project, read by its owner through every matrix route that declares a `snapshot`
 * query (the project, members, keys including revoked ones, audit, events, jobs, ...). Volatile fields (a key's
 * `lastUsedAt`, which authenticating touches even when the request is then refused) are left out.
 */
export async function captureProject(
  test: TestApp,
  matrix: RouteMatrix,
  projectId: string,
  ownerToken: string,
): Promise<ProjectState> {
  const reads = Object.entries(matrix)
    .filter(([, entry]) => entry.snapshot !== undefined)
    .map(async ([route, entry]) => {
      const url = fillUrl(route.split(' ')[1]!, { projectId });
      const response = await injectFully(test, {
        method: 'GET',
        url,
        query: entry.snapshot!,
        headers: bearer(ownerToken),
      });
      // A snapshot of errors would compare equal whatever happened; the owner must be able to read everything.
      expect(response.statusCode, `snapshot read ${url}: ${response.body}`).toBe(200);
      return [route, withoutVolatile(response.json())] as const;
    });
  return Object.fromEntries(await Promise.all(reads));
}

/** Both projects: a leak could write into the attacker's own project as well as into the victim's. */
export async function captureWorld(
  ctx: MatrixContext,
  matrix: RouteMatrix,
): Promise<{ a: ProjectState; b: ProjectState }> {
  const [a, b] = await Promise.all([
    captureProject(ctx.test, matrix, ctx.projectA, ctx.a.owner.token),
    captureProject(ctx.test, matrix, ctx.projectB, ctx.ownerB.token),
  ]);
  return { a, b };
}

// ---- event and job fixtures --------------------------------------------------------------------------------------

async function json<T>(test: TestApp, options: InjectOptions, status: number): Promise<T> {
  const response = await test.app.inject(options);
  if (response.statusCode !== status) {
    throw new Error(`${options.method} ${options.url} answered ${response.statusCode}: ${response.body}`);
  }
  return response.json() as T;
}

/** The newest event of a project (project creation always leaves one). */
export async function newestEventId(test: TestApp, projectId: string, ownerToken: string): Promise<string> {
  const page = await json<{ items: { id: string }[] }>(
    test,
    { method: 'GET', url: `/api/v1/projects/${projectId}/events`, query: { limit: '1' }, headers: bearer(ownerToken) },
    200,
  );
  if (page.items[0] === undefined) throw new Error(`project ${projectId} has no events`);
  return page.items[0].id;
}

/** The name of an event subscriber the replay route accepts. */
export async function subscriberName(test: TestApp, token: string): Promise<string> {
  const catalog = await json<{ subscribers: { name: string }[] }>(
    test,
    { method: 'GET', url: '/api/v1/events/catalog', headers: bearer(token) },
    200,
  );
  if (catalog.subscribers[0] === undefined) throw new Error('the event catalog lists no subscribers');
  return catalog.subscribers[0].name;
}

/** A valid replay request body for a project: its newest event, to the first subscriber. */
export async function replayBody(test: TestApp, projectId: string, ownerToken: string) {
  return {
    subscriber: await subscriberName(test, ownerToken),
    eventIds: [await newestEventId(test, projectId, ownerToken)],
  };
}

/**
 * A pending job in a project (a replay job, which any project can make). The suite runs without the worker role,
 * so it stays pending until cancelled: cancel and retry fixtures are deterministic.
 */
export async function createJob(
  test: TestApp,
  projectId: string,
  ownerToken: string,
  state: 'pending' | 'cancelled' = 'pending',
): Promise<string> {
  const job = await json<{ id: string }>(
    test,
    {
      method: 'POST',
      url: `/api/v1/projects/${projectId}/events/replay`,
      headers: bearer(ownerToken),
      payload: await replayBody(test, projectId, ownerToken),
    },
    202,
  );
  if (state === 'cancelled') {
    await json(
      test,
      { method: 'POST', url: `/api/v1/projects/${projectId}/jobs/${job.id}/cancel`, headers: bearer(ownerToken) },
      200,
    );
  }
  return job.id;
}

// ---- the table ---------------------------------------------------------------------------------------------------

/** Roles strictly weaker than `role`. */
export function weakerRoles<R extends ProjectRole>(roles: readonly R[], role: ProjectRole): R[] {
  return roles.filter((candidate) => ROLES.indexOf(candidate) > ROLES.indexOf(role));
}

/** The bearer token of a named caller in project A. */
export function tokenOf(ctx: MatrixContext, caller: CallerName): string {
  const [kind, role] = caller.split(':') as ['user' | 'key', ProjectRole];
  return kind === 'user' ? ctx.a[role].token : ctx.keysA[role as KeyRole].token;
}

/** Fills a route pattern's `:params` (URL-encoded); a missing value is a bug in the matrix entry. */
export function fillUrl(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`matrix entry gives no value for :${name} of ${pattern}`);
    return encodeURIComponent(value);
  });
}

/** OpenAPI's `/a/{id}` as Fastify's `/a/:id`. */
export function fastifyPath(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, ':$1');
}
