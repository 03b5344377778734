/**
 * The isolation matrix: one entry for every project route (`/:projectId/` in its URL), keyed exactly as Fastify
 * registers it ("METHOD /url/pattern"). test/integration/isolation-matrix.test.ts collects the routes the app really
 * registers and fails when a route has no entry here, when an entry names a route that no longer exists, or when an
 * entry's minRole disagrees with the route's `config.minRole`. Adding a project route therefore means adding an entry.
 *
 * An entry says how to make a VALID request against project A (creating whatever fixture the route needs); the suite
 * then sends that request as an outsider, as every weaker role, as other projects' and weaker API keys, and as a
 * caller with exactly minRole (the positive control, proving the denials are real).
 */
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { ProjectRole } from '../../src/platform/http/access.js';
import { bearer, createProject, joinProject, type TestApp, type TestUser } from './app.js';
import * as radar from './radar.js';
import * as research from './research.js';

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

// ---- fixture helpers (all act as A's owner through the API) ------------------------------------------------------

let counter = 0;
const unique = () => `${Date.now()}-${++counter}`;

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

/** A fresh open invitation of the project, made by the given admin; its id. */
async function invitationOf(ctx: MatrixContext, projectId: string, token: string): Promise<string> {
  const response = await injectAs(ctx, token, 'POST', `/api/v1/projects/${projectId}/invitations`, {
    email: `invitee-${unique()}@example.com`,
    role: 'viewer',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().invitation.id;
}

/** A fresh share link of the project's default radar, made by the given admin: the params that name it. */
async function shareLinkOf(ctx: MatrixContext, projectId: string, token: string) {
  const radarId = await radar.defaultRadarId(ctx.test, projectId, token);
  const url = `/api/v1/projects/${projectId}/radars/${radarId}/share-links`;
  const response = await injectAs(ctx, token, 'POST', url, { label: `matrix ${unique()}` });
  expect(response.statusCode, response.body).toBe(201);
  return { projectId, radarId, linkId: response.json().link.id as string };
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
export async function captureProject(test: TestApp, projectId: string, ownerToken: string): Promise<ProjectState> {
  const reads = Object.entries(ROUTE_MATRIX)
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
export async function captureWorld(ctx: MatrixContext): Promise<{ a: ProjectState; b: ProjectState }> {
  const [a, b] = await Promise.all([
    captureProject(ctx.test, ctx.projectA, ctx.a.owner.token),
    captureProject(ctx.test, ctx.projectB, ctx.ownerB.token),
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

const projectA = (ctx: MatrixContext): RouteRequest => ({ params: { projectId: ctx.projectA } });

export const ROUTE_MATRIX: Record<string, MatrixEntry> = {
  'GET /api/v1/projects/:projectId': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => projectA(ctx),
    snapshot: {},
  },

  'PATCH /api/v1/projects/:projectId': {
    minRole: 'admin',
    success: 200,
    // A fresh description each time, so a request that got through would show in the snapshot.
    prepare: async (ctx) => ({ ...projectA(ctx), body: { description: `changed by the matrix ${unique()}` } }),
  },

  'DELETE /api/v1/projects/:projectId': {
    minRole: 'owner',
    success: 204,
    note: 'The positive control deletes a throwaway project of the same owner, not A itself.',
    prepare: async (ctx) => projectA(ctx),
    positive: async (ctx) => [
      {
        label: "A's owner deletes a project of theirs",
        token: ctx.a.owner.token,
        request: async () => ({ params: { projectId: (await createProject(ctx.test, ctx.a.owner, 'Throwaway')).id } }),
        status: 204,
        verify: async ({ params }) => {
          const gone = await injectAs(ctx, ctx.a.owner.token, 'GET', `/api/v1/projects/${params.projectId}`);
          expect(gone.statusCode).toBe(404);
        },
      },
    ],
  },

  'GET /api/v1/projects/:projectId/members': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '10' } }),
    snapshot: { limit: '200' },
  },

  'POST /api/v1/projects/:projectId/members': {
    minRole: 'admin',
    success: 201,
    note: 'only instance administrators add an existing account directly (no oracle for them); others invite',
    prepare: async (ctx) => {
      await ensureNotMemberOfA(ctx, ctx.target);
      return { ...projectA(ctx), body: { email: ctx.target.email, role: 'viewer' } };
    },
    alsoForbidden: {
      callers: ['user:owner', 'user:admin', 'key:admin'],
      why: 'project owners, admins and keys who are not instance administrators invite instead',
    },
    positive: async (ctx) => {
      const setAdmin = async (isAdmin: boolean) => {
        const response = await injectAs(
          ctx,
          ctx.instanceAdmin.token,
          'PATCH',
          `/api/v1/admin/users/${ctx.a.admin.id}`,
          {
            isAdmin,
          },
        );
        expect(response.statusCode, response.body).toBe(200);
      };
      return [
        {
          label: "A's admin while an instance administrator",
          token: ctx.a.admin.token,
          request: async () => {
            await setAdmin(true);
            return ROUTE_MATRIX['POST /api/v1/projects/:projectId/members']!.prepare(ctx);
          },
          status: 201,
          verify: () => setAdmin(false),
        },
      ];
    },
  },

  'POST /api/v1/projects/:projectId/invitations': {
    minRole: 'admin',
    success: 201,
    prepare: async (ctx) => ({ ...projectA(ctx), body: { email: `invitee-${unique()}@example.com`, role: 'viewer' } }),
  },

  'GET /api/v1/projects/:projectId/invitations': {
    minRole: 'admin',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '5' } }),
    snapshot: { limit: '200' },
  },

  'DELETE /api/v1/projects/:projectId/invitations/:invitationId': {
    minRole: 'admin',
    success: 204,
    prepare: async (ctx) => ({
      params: { projectId: ctx.projectA, invitationId: await invitationOf(ctx, ctx.projectA, ctx.a.owner.token) },
    }),
    foreign: async (ctx) => ({
      params: { projectId: ctx.projectA, invitationId: await invitationOf(ctx, ctx.projectB, ctx.ownerB.token) },
    }),
  },

  'PATCH /api/v1/projects/:projectId/members/:userId': {
    minRole: 'admin',
    success: 200,
    prepare: async (ctx) => {
      await ensureMemberOfA(ctx, ctx.target, 'viewer');
      return { params: { projectId: ctx.projectA, userId: ctx.target.id }, body: { role: 'member' } };
    },
    foreign: async (ctx) => ({
      params: { projectId: ctx.projectA, userId: ctx.viewerB.id },
      body: { role: 'admin' },
    }),
  },

  'DELETE /api/v1/projects/:projectId/members/:userId': {
    minRole: 'viewer',
    success: 204,
    note:
      'minRole is viewer because anyone may leave (remove themselves); removing someone else needs admin. ' +
      'prepare() removes someone else, so members and viewers are refused by the route itself.',
    prepare: async (ctx) => {
      await ensureMemberOfA(ctx, ctx.target, 'viewer');
      return { params: { projectId: ctx.projectA, userId: ctx.target.id } };
    },
    alsoForbidden: {
      callers: ['user:member', 'user:viewer', 'key:member', 'key:viewer'],
      why: 'removing someone else needs admin',
    },
    positive: async (ctx) => {
      const removeTarget = async (): Promise<RouteRequest> => {
        await ensureMemberOfA(ctx, ctx.target, 'viewer');
        return { params: { projectId: ctx.projectA, userId: ctx.target.id } };
      };
      const isGone = async ({ params }: RouteRequest) => {
        const members = await injectAs(ctx, ctx.a.owner.token, 'GET', `/api/v1/projects/${ctx.projectA}/members`);
        expect((members.json() as { items: { userId: string }[] }).items.map((m) => m.userId)).not.toContain(
          params.userId,
        );
      };
      return [
        {
          label: 'a viewer leaves (removes themselves)',
          token: ctx.leaver.token,
          request: async () => {
            await ensureMemberOfA(ctx, ctx.leaver, 'viewer');
            return { params: { projectId: ctx.projectA, userId: ctx.leaver.id } };
          },
          status: 204,
          verify: isGone,
        },
        {
          label: "A's admin removes someone else",
          token: ctx.a.admin.token,
          request: removeTarget,
          status: 204,
          verify: isGone,
        },
        {
          label: "A's admin key removes someone else",
          token: ctx.keysA.admin.token,
          request: removeTarget,
          status: 204,
          verify: isGone,
        },
      ];
    },
    foreign: async (ctx) => ({ params: { projectId: ctx.projectA, userId: ctx.viewerB.id } }),
  },

  'GET /api/v1/projects/:projectId/api-keys': {
    minRole: 'admin',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { includeRevoked: 'true' } }),
    snapshot: { limit: '200', includeRevoked: 'true' },
  },

  'POST /api/v1/projects/:projectId/api-keys': {
    minRole: 'admin',
    success: 201,
    prepare: async (ctx) => ({ ...projectA(ctx), body: { name: `matrix ${unique()}`, role: 'viewer' } }),
  },

  'DELETE /api/v1/projects/:projectId/api-keys/:keyId': {
    minRole: 'admin',
    success: 204,
    prepare: async (ctx) => {
      const victim = await createApiKey(ctx.test, ctx.projectA, ctx.a.owner.token, 'viewer', 'victim');
      return { params: { projectId: ctx.projectA, keyId: victim.id } };
    },
    foreign: async (ctx) => ({ params: { projectId: ctx.projectA, keyId: ctx.keyB.id } }),
  },

  'GET /api/v1/projects/:projectId/audit': {
    minRole: 'admin',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '5' } }),
    snapshot: { limit: '200' },
  },

  // ---- events

  'GET /api/v1/projects/:projectId/events': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '10' } }),
    snapshot: { limit: '200' },
  },

  'GET /api/v1/projects/:projectId/activity': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '10' } }),
  },

  'GET /api/v1/projects/:projectId/events/stats': {
    minRole: 'viewer',
    success: 200,
    // Not a snapshot: the stats are kept by an event subscriber, asynchronously.
    prepare: async (ctx) => ({ ...projectA(ctx), query: { days: '7' } }),
  },

  'GET /api/v1/projects/:projectId/events/stream': {
    minRole: 'viewer',
    success: 200,
    note: 'Server-Sent Events: the positive control checks the 200 and closes the stream (see injectFully).',
    prepare: async (ctx) => projectA(ctx),
  },

  'GET /api/v1/projects/:projectId/events/dead-letters': {
    minRole: 'admin',
    success: 200,
    prepare: async (ctx) => projectA(ctx),
    snapshot: { limit: '200', includeReplayed: 'true' },
  },

  'POST /api/v1/projects/:projectId/events/replay': {
    minRole: 'admin',
    success: 202,
    prepare: async (ctx) => ({ ...projectA(ctx), body: await replayBody(ctx.test, ctx.projectA, ctx.a.owner.token) }),
    // B's event named in A's replay: refused exactly like an event that does not exist (no oracle, nothing queued).
    foreign: async (ctx) => ({
      ...projectA(ctx),
      body: {
        subscriber: await subscriberName(ctx.test, ctx.a.owner.token),
        eventIds: [await newestEventId(ctx.test, ctx.projectB, ctx.ownerB.token)],
      },
    }),
    foreignAnswer: { status: 422, type: 'validation' },
  },

  // ---- jobs

  'GET /api/v1/projects/:projectId/jobs': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '10' } }),
    snapshot: { limit: '200' },
  },

  'GET /api/v1/projects/:projectId/jobs/summary': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { days: '30' } }),
  },

  'GET /api/v1/projects/:projectId/jobs/:jobId': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: { projectId: ctx.projectA, jobId: await createJob(ctx.test, ctx.projectA, ctx.a.owner.token) },
    }),
    foreign: async (ctx) => ({
      params: { projectId: ctx.projectA, jobId: await createJob(ctx.test, ctx.projectB, ctx.ownerB.token) },
    }),
  },

  'POST /api/v1/projects/:projectId/jobs/:jobId/cancel': {
    minRole: 'member',
    success: 200,
    prepare: async (ctx) => ({
      params: { projectId: ctx.projectA, jobId: await createJob(ctx.test, ctx.projectA, ctx.a.owner.token) },
    }),
    foreign: async (ctx) => ({
      params: { projectId: ctx.projectA, jobId: await createJob(ctx.test, ctx.projectB, ctx.ownerB.token) },
    }),
  },

  'POST /api/v1/projects/:projectId/jobs/:jobId/retry': {
    minRole: 'member',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        jobId: await createJob(ctx.test, ctx.projectA, ctx.a.owner.token, 'cancelled'),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        jobId: await createJob(ctx.test, ctx.projectB, ctx.ownerB.token, 'cancelled'),
      },
    }),
  },
  // ---- research hub and dashboard

  'GET /api/v1/projects/:projectId/research-tasks': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { overdue: 'true', tag: 'matrix' } }),
    snapshot: { limit: '200' },
  },

  'POST /api/v1/projects/:projectId/research-tasks': {
    minRole: 'member',
    success: 201,
    prepare: async (ctx) => ({ ...projectA(ctx), body: { title: `matrix ${unique()}`, assigneeId: ctx.a.member.id } }),
  },

  'GET /api/v1/projects/:projectId/research-tasks/stats': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { days: '14', top: '3' } }),
    snapshot: { days: '30', top: '50' },
  },

  'GET /api/v1/projects/:projectId/research-tasks/:taskId': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'PATCH /api/v1/projects/:projectId/research-tasks/:taskId': {
    minRole: 'member',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      body: { progress: 100, verdict: 'trial', confidence: 'low' },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      body: { progress: 100 },
    }),
  },

  'DELETE /api/v1/projects/:projectId/research-tasks/:taskId': {
    minRole: 'member',
    success: 204,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'POST /api/v1/projects/:projectId/research-tasks/:taskId/propose': {
    minRole: 'member',
    success: 201,
    prepare: async (ctx) => {
      const { taskId } = await research.proposableTaskFixture(ctx.test, ctx.projectA, ctx.a.owner);
      return { params: { projectId: ctx.projectA, taskId }, body: { rationale: 'matrix' } };
    },
    foreign: async (ctx) => {
      const { taskId } = await research.proposableTaskFixture(ctx.test, ctx.projectB, ctx.ownerB);
      return { params: { projectId: ctx.projectA, taskId }, body: {} };
    },
  },

  'GET /api/v1/projects/:projectId/research-tasks/:taskId/comments': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => {
      const taskId = await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token);
      await research.researchCommentFixture(ctx.test, ctx.projectA, taskId, ctx.a.owner.token);
      return { params: { projectId: ctx.projectA, taskId } };
    },
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'POST /api/v1/projects/:projectId/research-tasks/:taskId/comments': {
    minRole: 'member',
    success: 201,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      body: { body: 'matrix comment' },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      body: { body: 'leak?' },
    }),
  },

  'DELETE /api/v1/projects/:projectId/research-tasks/:taskId/comments/:commentId': {
    minRole: 'member',
    success: 204,
    note: "prepare() makes a comment by A's owner: a member may delete only their own (a member key acts for the owner who made it, so its own).",
    prepare: async (ctx) => {
      const taskId = await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token);
      const commentId = await research.researchCommentFixture(ctx.test, ctx.projectA, taskId, ctx.a.owner.token);
      return { params: { projectId: ctx.projectA, taskId, commentId } };
    },
    alsoForbidden: { callers: ['user:member'], why: "a member deleting someone else's comment" },
    positive: async (ctx) => {
      const commentBy = async (token: string) => {
        const taskId = await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token);
        const commentId = await research.researchCommentFixture(ctx.test, ctx.projectA, taskId, token);
        return { params: { projectId: ctx.projectA, taskId, commentId } };
      };
      return [
        {
          label: "A's member, own comment",
          token: ctx.a.member.token,
          request: () => commentBy(ctx.a.member.token),
          status: 204,
        },
        {
          label: "A's member key, its owner's comment",
          token: ctx.keysA.member.token,
          request: () => commentBy(ctx.a.owner.token),
          status: 204,
        },
        {
          label: "A's admin, someone else's comment",
          token: ctx.a.admin.token,
          request: () => commentBy(ctx.a.member.token),
          status: 204,
        },
      ];
    },
    foreign: async (ctx) => {
      const taskId = await research.researchTaskFixture(ctx.test, ctx.projectB, ctx.ownerB.token);
      const commentId = await research.researchCommentFixture(ctx.test, ctx.projectB, taskId, ctx.ownerB.token);
      return { params: { projectId: ctx.projectA, taskId, commentId } };
    },
  },

  'GET /api/v1/projects/:projectId/research-tasks/:taskId/attachments': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => {
      const taskId = await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token);
      await research.researchAttachmentFixture(ctx.test, ctx.projectA, taskId, ctx.a.owner.token);
      return { params: { projectId: ctx.projectA, taskId } };
    },
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'POST /api/v1/projects/:projectId/research-tasks/:taskId/attachments': {
    minRole: 'member',
    success: 201,
    note: 'The matrix sends a JSON body: a raw upload of it as notes.json (application/json is an allowed type).',
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      query: { filename: 'notes.json' },
      body: { matrix: unique() },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        taskId: await research.researchTaskFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      query: { filename: 'notes.json' },
      body: { matrix: 'leak?' },
    }),
  },

  'GET /api/v1/projects/:projectId/research-tasks/:taskId/attachments/:attachmentId/content': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => {
      const taskId = await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token);
      const attachmentId = await research.researchAttachmentFixture(ctx.test, ctx.projectA, taskId, ctx.a.owner.token);
      return { params: { projectId: ctx.projectA, taskId, attachmentId } };
    },
    foreign: async (ctx) => {
      const taskId = await research.researchTaskFixture(ctx.test, ctx.projectB, ctx.ownerB.token);
      const attachmentId = await research.researchAttachmentFixture(ctx.test, ctx.projectB, taskId, ctx.ownerB.token);
      return { params: { projectId: ctx.projectA, taskId, attachmentId } };
    },
  },

  'DELETE /api/v1/projects/:projectId/research-tasks/:taskId/attachments/:attachmentId': {
    minRole: 'member',
    success: 204,
    prepare: async (ctx) => {
      const taskId = await research.researchTaskFixture(ctx.test, ctx.projectA, ctx.a.owner.token);
      const attachmentId = await research.researchAttachmentFixture(ctx.test, ctx.projectA, taskId, ctx.a.owner.token);
      return { params: { projectId: ctx.projectA, taskId, attachmentId } };
    },
    foreign: async (ctx) => {
      const taskId = await research.researchTaskFixture(ctx.test, ctx.projectB, ctx.ownerB.token);
      const attachmentId = await research.researchAttachmentFixture(ctx.test, ctx.projectB, taskId, ctx.ownerB.token);
      return { params: { projectId: ctx.projectA, taskId, attachmentId } };
    },
  },

  'GET /api/v1/projects/:projectId/dashboard': {
    minRole: 'viewer',
    success: 200,
    note: 'No snapshot: the answer carries generatedAt; the lists it shows are snapshotted through their own routes.',
    prepare: async (ctx) => ({ ...projectA(ctx), query: { days: '14', top: '3', activity: '10' } }),
  },

  // ---- radar (technologies, radars, blips, volumes, proposals, import/export)

  'GET /api/v1/projects/:projectId/radars': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => projectA(ctx),
    snapshot: { limit: '200' },
  },

  'POST /api/v1/projects/:projectId/radars': {
    minRole: 'admin',
    success: 201,
    prepare: async (ctx) => ({ ...projectA(ctx), body: { name: `matrix radar ${unique()}` } }),
  },

  'GET /api/v1/projects/:projectId/radars/:radarId': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'PATCH /api/v1/projects/:projectId/radars/:radarId': {
    minRole: 'admin',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      body: { description: `changed by the matrix ${unique()}` },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      body: { description: 'foreign' },
    }),
  },

  'DELETE /api/v1/projects/:projectId/radars/:radarId': {
    minRole: 'admin',
    success: 204,
    prepare: async (ctx) => ({
      params: { projectId: ctx.projectA, radarId: await radar.radarFixture(ctx.test, ctx.projectA, ctx.a.owner.token) },
    }),
    foreign: async (ctx) => ({
      params: { projectId: ctx.projectA, radarId: await radar.radarFixture(ctx.test, ctx.projectB, ctx.ownerB.token) },
    }),
  },

  'GET /api/v1/projects/:projectId/radars/:radarId/blips': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'POST /api/v1/projects/:projectId/radars/:radarId/blips': {
    minRole: 'member',
    success: 201,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      body: {
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
        quadrantId: 'tools',
        ringId: 'assess',
      },
    }),
    // B's radar in A's URL, with a technology of A: the radar is not found.
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      body: {
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
        quadrantId: 'tools',
        ringId: 'assess',
      },
    }),
  },

  'PATCH /api/v1/projects/:projectId/radars/:radarId/blips/:blipId': {
    minRole: 'member',
    success: 200,
    prepare: async (ctx) => {
      const { radarId, blipId } = await radar.blipFixture(ctx.test, ctx.projectA, ctx.a.owner.token);
      return { params: { projectId: ctx.projectA, radarId, blipId }, body: { note: `noted ${unique()}` } };
    },
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
        blipId: (await radar.blipFixture(ctx.test, ctx.projectB, ctx.ownerB.token)).blipId,
      },
      body: { note: 'foreign' },
    }),
  },

  'POST /api/v1/projects/:projectId/radars/:radarId/blips/:blipId/move': {
    minRole: 'admin',
    success: 200,
    note: 'Members move blips through proposals; direct moves are for admins.',
    prepare: async (ctx) => {
      const { radarId, blipId } = await radar.blipFixture(ctx.test, ctx.projectA, ctx.a.owner.token);
      return {
        params: { projectId: ctx.projectA, radarId, blipId },
        body: { ringId: 'adopt', rationale: 'the matrix says so' },
      };
    },
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
        blipId: (await radar.blipFixture(ctx.test, ctx.projectB, ctx.ownerB.token)).blipId,
      },
      body: { ringId: 'adopt', rationale: 'foreign' },
    }),
  },

  'DELETE /api/v1/projects/:projectId/radars/:radarId/blips/:blipId': {
    minRole: 'admin',
    success: 204,
    prepare: async (ctx) => {
      const { radarId, blipId } = await radar.blipFixture(ctx.test, ctx.projectA, ctx.a.owner.token);
      return { params: { projectId: ctx.projectA, radarId, blipId } };
    },
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
        blipId: (await radar.blipFixture(ctx.test, ctx.projectB, ctx.ownerB.token)).blipId,
      },
    }),
  },

  'GET /api/v1/projects/:projectId/radars/:radarId/volumes': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'POST /api/v1/projects/:projectId/radars/:radarId/volumes': {
    minRole: 'admin',
    success: 201,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      body: { name: `matrix volume ${unique()}`, date: '2030-01-01' },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      body: { name: `foreign volume ${unique()}`, date: '2030-01-01' },
    }),
  },

  'GET /api/v1/projects/:projectId/radars/:radarId/volumes/:volumeId': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => {
      const { radarId, volumeId } = await radar.volumeFixture(ctx.test, ctx.projectA, ctx.a.owner.token);
      return { params: { projectId: ctx.projectA, radarId, volumeId } };
    },
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
        volumeId: (await radar.volumeFixture(ctx.test, ctx.projectB, ctx.ownerB.token)).volumeId,
      },
    }),
  },

  'GET /api/v1/projects/:projectId/radars/:radarId/diff': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'GET /api/v1/projects/:projectId/radars/:radarId/export': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      query: { format: 'byor-csv' },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      query: { format: 'byor-csv' },
    }),
  },

  'POST /api/v1/projects/:projectId/radar-imports': {
    minRole: 'admin',
    success: 202,
    note: 'The suite runs without workers, so the import job stays pending.',
    prepare: async (ctx) => ({ ...projectA(ctx), body: { format: 'byor-csv', content: radar.tinyCsv() } }),
    // B's radar named in A's import: refused like a radar that does not exist.
    foreign: async (ctx) => ({
      ...projectA(ctx),
      body: {
        format: 'byor-csv',
        content: radar.tinyCsv(),
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
    foreignAnswer: { status: 422, type: 'validation' },
  },

  'GET /api/v1/projects/:projectId/technologies': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '10' } }),
    snapshot: { limit: '200' },
  },

  'POST /api/v1/projects/:projectId/technologies': {
    minRole: 'member',
    success: 201,
    prepare: async (ctx) => ({ ...projectA(ctx), body: { title: `matrix technology ${unique()}` } }),
  },

  'GET /api/v1/projects/:projectId/technologies/:technologyId': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'PATCH /api/v1/projects/:projectId/technologies/:technologyId': {
    minRole: 'member',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      body: { notes: `changed by the matrix ${unique()}` },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      body: { notes: 'foreign' },
    }),
  },

  'DELETE /api/v1/projects/:projectId/technologies/:technologyId': {
    minRole: 'member',
    success: 204,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'GET /api/v1/projects/:projectId/technologies/:technologyId/relations': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: (await radar.relationFixture(ctx.test, ctx.projectA, ctx.a.owner.token)).technologyId,
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: (await radar.relationFixture(ctx.test, ctx.projectB, ctx.ownerB.token)).technologyId,
      },
    }),
  },

  'POST /api/v1/projects/:projectId/technologies/:technologyId/relations': {
    minRole: 'member',
    success: 201,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      body: {
        kind: 'depends_on',
        targetTechnologyId: await radar.technologyFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      body: {
        kind: 'depends_on',
        targetTechnologyId: await radar.technologyFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
  },

  'DELETE /api/v1/projects/:projectId/technologies/:technologyId/relations/:relationId': {
    minRole: 'member',
    success: 204,
    prepare: async (ctx) => ({
      params: { projectId: ctx.projectA, ...(await radar.relationFixture(ctx.test, ctx.projectA, ctx.a.owner.token)) },
    }),
    // B's relation under a technology of A.
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: await radar.technologyFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
        relationId: (await radar.relationFixture(ctx.test, ctx.projectB, ctx.ownerB.token)).relationId,
      },
    }),
  },

  'GET /api/v1/projects/:projectId/technologies/:technologyId/history': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: (await radar.blipFixture(ctx.test, ctx.projectA, ctx.a.owner.token)).technologyId,
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        technologyId: (await radar.blipFixture(ctx.test, ctx.projectB, ctx.ownerB.token)).technologyId,
      },
    }),
  },

  'GET /api/v1/projects/:projectId/proposals': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '10' } }),
    snapshot: { limit: '200' },
  },

  'POST /api/v1/projects/:projectId/proposals': {
    minRole: 'member',
    success: 201,
    prepare: async (ctx) => ({
      ...projectA(ctx),
      body: {
        blipId: (await radar.blipFixture(ctx.test, ctx.projectA, ctx.a.owner.token)).blipId,
        toRingId: 'adopt',
        rationale: 'the matrix proposes',
      },
    }),
    // B's blip named in A's proposal: refused like a blip that does not exist.
    foreign: async (ctx) => ({
      ...projectA(ctx),
      body: {
        blipId: (await radar.blipFixture(ctx.test, ctx.projectB, ctx.ownerB.token)).blipId,
        toRingId: 'adopt',
        rationale: 'foreign',
      },
    }),
    foreignAnswer: { status: 422, type: 'validation' },
  },

  'GET /api/v1/projects/:projectId/proposals/:proposalId': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        proposalId: await radar.proposalFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        proposalId: await radar.proposalFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'POST /api/v1/projects/:projectId/proposals/:proposalId/decision': {
    minRole: 'admin',
    success: 200,
    note: "Proposals are made by A's member, so that every admin (and A's keys, which act for A's owner) may decide.",
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        proposalId: await radar.proposalFixture(ctx.test, ctx.projectA, ctx.a.owner.token, ctx.a.member.token),
      },
      body: { decision: 'reject', comment: 'not yet' },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        proposalId: await radar.proposalFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      body: { decision: 'reject', comment: 'foreign' },
    }),
  },

  'POST /api/v1/projects/:projectId/proposals/:proposalId/withdraw': {
    minRole: 'member',
    success: 200,
    note: "Only the proposer withdraws: prepare() makes A's member the proposer, so everyone else is refused.",
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        proposalId: await radar.proposalFixture(ctx.test, ctx.projectA, ctx.a.owner.token, ctx.a.member.token),
      },
    }),
    alsoForbidden: {
      callers: ['user:owner', 'user:admin', 'key:admin', 'key:member'],
      why: 'only the proposer may withdraw',
    },
    positive: async (ctx) => [
      {
        label: "A's member withdraws their own proposal",
        token: ctx.a.member.token,
        request: async () => ({
          params: {
            projectId: ctx.projectA,
            proposalId: await radar.proposalFixture(ctx.test, ctx.projectA, ctx.a.owner.token, ctx.a.member.token),
          },
        }),
        status: 200,
      },
      {
        label: "A's member key withdraws a proposal made with it",
        token: ctx.keysA.member.token,
        request: async () => ({
          params: {
            projectId: ctx.projectA,
            proposalId: await radar.proposalFixture(ctx.test, ctx.projectA, ctx.a.owner.token, ctx.keysA.member.token),
          },
        }),
        status: 200,
      },
    ],
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        proposalId: await radar.proposalFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'GET /api/v1/projects/:projectId/proposals/:proposalId/comments': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        proposalId: await radar.proposalFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        proposalId: await radar.proposalFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'POST /api/v1/projects/:projectId/proposals/:proposalId/comments': {
    minRole: 'member',
    success: 201,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        proposalId: await radar.proposalFixture(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      body: { body: `a comment ${unique()}` },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        proposalId: await radar.proposalFixture(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      body: { body: 'foreign' },
    }),
  },

  // ---- radar share links (the public /api/v1/shared/ URLs are not project routes: radar-share-links.test.ts)

  'POST /api/v1/projects/:projectId/radars/:radarId/share-links': {
    minRole: 'admin',
    success: 201,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
      body: { label: `matrix ${unique()}` },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
      body: { label: 'foreign' },
    }),
  },

  'GET /api/v1/projects/:projectId/radars/:radarId/share-links': {
    minRole: 'admin',
    success: 200,
    prepare: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
    foreign: async (ctx) => ({
      params: {
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectB, ctx.ownerB.token),
      },
    }),
  },

  'DELETE /api/v1/projects/:projectId/radars/:radarId/share-links/:linkId': {
    minRole: 'admin',
    success: 204,
    prepare: async (ctx) => ({ params: await shareLinkOf(ctx, ctx.projectA, ctx.a.owner.token) }),
    foreign: async (ctx) => ({
      params: {
        ...(await shareLinkOf(ctx, ctx.projectB, ctx.ownerB.token)),
        projectId: ctx.projectA,
        radarId: await radar.defaultRadarId(ctx.test, ctx.projectA, ctx.a.owner.token),
      },
    }),
  },
};

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
