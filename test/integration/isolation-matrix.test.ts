/// <reference types="vite/client" />
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/platform/context.js';
import { isProjectRoute } from '../../src/platform/http/access.js';
import {
  addMember,
  bearer,
  buildTestApp,
  createProject,
  createUser,
  type TestApp,
  type TestUser,
} from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import {
  type CallerName,
  type Control,
  captureWorld,
  collectRouteMatrix,
  createApiKey,
  fastifyPath,
  fillUrl,
  type IsolationCases,
  injectFully,
  KEY_ROLES,
  type MatrixContext,
  type Reply,
  ROLES,
  type RouteRequest,
  tokenOf,
  weakerRoles,
} from '../helpers/route-matrix.js';

/** Every module's cases: each `src/modules/<module>/<module>.isolation.ts` adds its routes' entries. */
const ROUTE_MATRIX = collectRouteMatrix(
  import.meta.glob<IsolationCases | undefined>('../../src/modules/**/*.isolation.ts', {
    eager: true,
    import: 'isolationCases',
  }),
);

/** Who registered a route: the src/modules/<module>/ folder of the code on the stack while Fastify adds it. */
function registeringModule(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return /\/src\/modules\/([^/]+)\//.exec(stack)?.[1];
}

type RegisteredRoute = { method: string; url: string; minRole: string | undefined; module: string | undefined };

/**
 * Records the routes the app really registers, with their access config and the module whose code registered them:
 * an onRoute hook added right after the access gate (onRoute hooks run synchronously inside app.get()/app.route(),
 * so the registering module's file is on the stack). The OpenAPI document is cross-checked against this list, so
 * a project route registered before the gate (and so invisible to the recorder) still fails the suite.
 */
function recordRoutes(into: RegisteredRoute[]) {
  return (app: App) => {
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        into.push({ method, url: route.url, minRole: route.config?.minRole, module: registeringModule() });
      }
    });
  };
}

let casesRun = 0;

/** Makes the matrix's withdrawn credentials: each had full power in A when issued, then lost it through the API. */
async function withdrawnCredentials(test: TestApp, projectId: string, owner: TestUser, instanceAdmin: TestUser) {
  const call = async (method: 'DELETE' | 'PATCH', url: string, token: string, payload?: object) => {
    const response = await test.app.inject({ method, url, headers: bearer(token), payload });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  };
  const members = `/api/v1/projects/${projectId}/members`;
  const [removedOwner, disabledOwner, demotedOwner, removedCreator, demotedCreator] = await Promise.all(
    ['removed-owner', 'disabled-owner', 'demoted-owner', 'removed-creator', 'demoted-creator'].map((name) =>
      createUser(test, { name }),
    ),
  );
  for (const user of [removedOwner!, disabledOwner!, demotedOwner!])
    await addMember(test, projectId, owner, user, 'owner');
  for (const user of [removedCreator!, demotedCreator!]) await addMember(test, projectId, owner, user, 'admin');
  const [revokedKey, suspendedKey, cappedKey] = await Promise.all([
    createApiKey(test, projectId, owner.token, 'admin'),
    createApiKey(test, projectId, removedCreator!.token, 'admin'),
    createApiKey(test, projectId, demotedCreator!.token, 'admin'),
  ]);
  await call('DELETE', `${members}/${removedOwner!.id}`, owner.token);
  await call('PATCH', `/api/v1/admin/users/${disabledOwner!.id}`, instanceAdmin.token, { disabled: true });
  await call('PATCH', `${members}/${demotedOwner!.id}`, owner.token, { role: 'viewer' });
  await call('DELETE', `/api/v1/projects/${projectId}/api-keys/${revokedKey!.id}`, owner.token);
  await call('DELETE', `${members}/${removedCreator!.id}`, owner.token);
  await call('PATCH', `${members}/${demotedCreator!.id}`, owner.token, { role: 'viewer' });
  return {
    removedOwner: removedOwner!,
    disabledOwner: disabledOwner!,
    demotedOwner: demotedOwner!,
    revokedKey: revokedKey!,
    suspendedKey: suspendedKey!,
    cappedKey: cappedKey!,
  };
}

function expectProblem(response: Reply, status: number, typeSuffix: string, label: string): void {
  expect(response.statusCode, `${label}: ${response.body}`).toBe(status);
  expect(response.headers['content-type'], label).toMatch(/^application\/problem\+json/);
  expect((response.json() as { type: string }).type, label).toMatch(new RegExp(`/${typeSuffix}$`));
}

describe.each(databaseKinds())('isolation matrix on %s', (kind) => {
  let test: TestApp;
  let ctx: MatrixContext;
  let projectRoutes: Map<string, { minRole: string | undefined; module: string | undefined }>;

  beforeAll(async () => {
    const registered: RegisteredRoute[] = [];
    test = await buildTestApp(kind, {
      beforeRoutes: recordRoutes(registered),
      env: { RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_MAX_ATTEMPTS_PER_IP: '100000' },
      // No worker: jobs made as fixtures stay pending, so cancel and retry cases are deterministic.
      runtime: { roles: ['api'] },
    });
    // HEAD twins of GET routes share the GET route's handler and config; the GET entry covers them.
    projectRoutes = new Map(
      registered
        .filter((route) => route.method !== 'HEAD' && isProjectRoute(route.url))
        .map((route) => [`${route.method} ${route.url}`, { minRole: route.minRole, module: route.module }]),
    );

    const names = ['owner-a', 'admin-a', 'member-a', 'viewer-a', 'owner-b', 'viewer-b', 'target', 'leaver'];
    const [ownerA, adminA, memberA, viewerA, ownerB, viewerB, target, leaver] = await Promise.all(
      names.map((name) => createUser(test, { name })),
    );
    const instanceAdmin = await createUser(test, { name: 'instance-admin', admin: true });
    const a = await createProject(test, ownerA!, 'Alpha');
    const b = await createProject(test, ownerB!, 'Bravo');
    await addMember(test, a.id, ownerA!, adminA!, 'admin');
    await addMember(test, a.id, ownerA!, memberA!, 'member');
    await addMember(test, a.id, ownerA!, viewerA!, 'viewer');
    await addMember(test, b.id, ownerB!, viewerB!, 'viewer');
    const [keyAdmin, keyMember, keyViewer, keyB] = await Promise.all([
      createApiKey(test, a.id, ownerA!.token, 'admin'),
      createApiKey(test, a.id, ownerA!.token, 'member'),
      createApiKey(test, a.id, ownerA!.token, 'viewer'),
      createApiKey(test, b.id, ownerB!.token, 'admin'),
    ]);
    const withdrawn = await withdrawnCredentials(test, a.id, ownerA!, instanceAdmin);
    ctx = {
      test,
      withdrawn,
      projectA: a.id,
      projectB: b.id,
      a: { owner: ownerA!, admin: adminA!, member: memberA!, viewer: viewerA! },
      keysA: { admin: keyAdmin!, member: keyMember!, viewer: keyViewer! },
      ownerB: ownerB!,
      viewerB: viewerB!,
      keyB: keyB!,
      instanceAdmin,
      target: target!,
      leaver: leaver!,
    };
  });
  afterAll(async () => {
    console.info(`isolation matrix on ${kind}: ${Object.keys(ROUTE_MATRIX).length} routes, ${casesRun} cases`);
    casesRun = 0;
    await test?.close();
  });

  it('has an entry for every project route and none for a route that is gone', async () => {
    expect(projectRoutes.size, 'the route recorder saw no project routes').toBeGreaterThan(0);
    const missing = [...projectRoutes.keys()].filter((route) => !(route in ROUTE_MATRIX));
    expect.soft(missing, "project routes without an entry in their module's <module>.isolation.ts").toEqual([]);
    const stale = Object.keys(ROUTE_MATRIX).filter((route) => !projectRoutes.has(route));
    expect.soft(stale, 'matrix entries for routes the app does not register').toEqual([]);

    for (const [route, { minRole, module }] of projectRoutes) {
      expect.soft(module, `${route}: no src/modules/<module>/ frame on the stack that registered it`).toBeDefined();
      const entry = ROUTE_MATRIX[route];
      if (entry === undefined) continue;
      expect.soft(entry.minRole, `${route}: matrix minRole vs config.minRole`).toBe(minRole);
      // A module's case file declares that module's routes only, so a module's cases move and go with its code.
      expect
        .soft(`${entry.module}.isolation.ts`, `${route} is registered by the ${module} module`)
        .toBe(`${module}.isolation.ts`);
    }

    // Every project route in the OpenAPI document was seen by the recorder (none registered before the gate).
    const document = (await test.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${fastifyPath(path)}`),
    );
    const documentedProjectRoutes = documented.filter((route) => isProjectRoute(route.split(' ')[1]!));
    expect(documentedProjectRoutes.length).toBeGreaterThan(0);
    expect
      .soft(
        documentedProjectRoutes.filter((route) => !projectRoutes.has(route)),
        'documented project routes the recorder did not see',
      )
      .toEqual([]);

    // A route with an id besides :projectId must say how a foreign id of that kind is refused.
    for (const route of Object.keys(ROUTE_MATRIX)) {
      const ids = route.match(/:\w+/g)!.filter((param) => param !== ':projectId');
      if (ids.length > 0) expect.soft(ROUTE_MATRIX[route]!.foreign, `${route} needs a foreign() case`).toBeDefined();
    }
  });

  describe.each(Object.keys(ROUTE_MATRIX))('%s', (route) => {
    const [method, pattern] = route.split(' ') as [string, string];
    const entry = ROUTE_MATRIX[route]!;
    const weakerUsers = weakerRoles(ROLES, entry.minRole).map((role): CallerName => `user:${role}`);
    const weakerKeys = weakerRoles(KEY_ROLES, entry.minRole).map((role): CallerName => `key:${role}`);
    const also = entry.alsoForbidden?.callers ?? [];
    const forbiddenUsers = [...weakerUsers, ...also.filter((caller) => caller.startsWith('user:'))];
    const forbiddenKeys = [...weakerKeys, ...also.filter((caller) => caller.startsWith('key:'))];
    const pathIds = (pattern.match(/:\w+/g) ?? []).map((param) => param.slice(1));

    const send = (token: string | undefined, request: RouteRequest) =>
      injectFully(test, {
        method: method as 'GET',
        url: fillUrl(pattern, request.params),
        headers: token === undefined ? {} : bearer(token),
        ...(request.query === undefined ? {} : { query: request.query }),
        ...(request.body === undefined ? {} : { payload: request.body }),
      });

    const foreign = entry.foreignAnswer ?? { status: 404, type: 'not-found' };
    const refusalKinds = [
      'no credentials or withdrawn ones',
      "outsiders with A's ids",
      forbiddenUsers.length > 0
        ? `A's members below ${entry.minRole}${entry.alsoForbidden ? ` (and ${entry.alsoForbidden.why})` : ''}`
        : undefined,
      `B's key and A's keys below ${entry.minRole}`,
      pathIds.length > 1 ? 'unknown ids' : undefined,
      entry.foreign === undefined ? undefined : `B's resource id in A's request (${foreign.status})`,
    ].filter((kind) => kind !== undefined);

    /**
     * Every refusal of the route in one run, from one state of A and B: each request must be refused with its
     * problem, and afterwards neither project may have changed. One snapshot before and one after keeps the matrix
     * affordable (the snapshots are its main cost); a failure still names the route and the caller.
     */
    it(`refuses ${refusalKinds.join('; ')}, and changes nothing`, async () => {
      const request = await entry.prepare(ctx);
      // The foreign case makes its fixture in B, so it is made before the state is taken.
      const foreignRequest = entry.foreign === undefined ? undefined : await entry.foreign(ctx);
      const before = await captureWorld(ctx, ROUTE_MATRIX);
      const refuse = async (
        label: string,
        token: string | undefined,
        sent: RouteRequest,
        status: number,
        type: string,
      ) => {
        const response = await send(token, sent);
        casesRun += 1;
        expectProblem(response, status, type, `${route} as ${label}`);
        return response;
      };

      await refuse('nobody', undefined, request, 401, 'unauthorized');
      // Each of these held A's owner role (or an admin key) when its token was issued, and lost it since.
      const { withdrawn } = ctx;
      await refuse('a disabled owner', withdrawn.disabledOwner.token, request, 401, 'unauthorized');
      await refuse('a removed owner', withdrawn.removedOwner.token, request, 404, 'not-found');
      await refuse('a revoked admin key', withdrawn.revokedKey.token, request, 401, 'unauthorized');
      await refuse(
        'an admin key whose creator was removed',
        withdrawn.suspendedKey.token,
        request,
        401,
        'unauthorized',
      );
      if (entry.minRole !== 'viewer') {
        await refuse('an owner demoted to viewer', withdrawn.demotedOwner.token, request, 403, 'forbidden');
        await refuse(
          'an admin key whose creator is now a viewer',
          withdrawn.cappedKey.token,
          request,
          403,
          'forbidden',
        );
      }

      const outsider = await refuse("B's owner", ctx.ownerB.token, request, 404, 'not-found');
      await refuse('an instance admin outside A', ctx.instanceAdmin.token, request, 404, 'not-found');
      // No existence oracle: A answers exactly like a project that does not exist.
      const nowhere = await send(ctx.ownerB.token, {
        ...request,
        params: { ...request.params, projectId: randomUUID() },
      });
      const comparable = (response: Reply) => {
        const { requestId: _requestId, instance: _instance, ...rest } = response.json() as Record<string, unknown>;
        return { status: response.statusCode, ...rest };
      };
      expect(comparable(outsider)).toEqual(comparable(nowhere));

      for (const caller of forbiddenUsers) await refuse(caller, tokenOf(ctx, caller), request, 403, 'forbidden');
      await refuse("B's admin key", ctx.keyB.token, request, 404, 'not-found');
      for (const caller of forbiddenKeys) await refuse(caller, tokenOf(ctx, caller), request, 403, 'forbidden');

      if (pathIds.length > 1) {
        for (const id of pathIds) {
          const unknown = { ...request, params: { ...request.params, [id]: randomUUID() } };
          await refuse(`A's owner with an unknown :${id}`, ctx.a.owner.token, unknown, 404, 'not-found');
        }
      }
      if (foreignRequest !== undefined) {
        await refuse("A's owner with B's resource id", ctx.a.owner.token, foreignRequest, foreign.status, foreign.type);
        // B's key still works after an attempt at it through A's URL.
        const me = await test.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(ctx.keyB.token) });
        expect(me.statusCode).toBe(200);
      }

      expect(await captureWorld(ctx, ROUTE_MATRIX), `${route}: a refused request changed state`).toEqual(before);
    });

    it(`lets a caller with exactly ${entry.minRole} through (positive control)`, async () => {
      const defaults: Control[] = [
        {
          label: `A's ${entry.minRole}`,
          token: ctx.a[entry.minRole].token,
          request: () => entry.prepare(ctx),
          status: entry.success,
        },
      ];
      if (entry.minRole !== 'owner') {
        defaults.push({
          label: `A's ${entry.minRole} key`,
          token: ctx.keysA[entry.minRole].token,
          request: () => entry.prepare(ctx),
          status: entry.success,
        });
      }
      const controls = entry.positive === undefined ? defaults : await entry.positive(ctx);
      expect(controls.length).toBeGreaterThan(0);
      for (const control of controls) {
        const request = await control.request();
        const response = await send(control.token, request);
        casesRun += 1;
        expect(response.statusCode, `${route} as ${control.label}: ${response.body}`).toBe(control.status);
        await control.verify?.(request);
      }
    });
  });

  it("still has A's standing members and keys after the whole matrix", async () => {
    for (const role of ROLES) {
      const response = await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${ctx.projectA}`,
        headers: bearer(ctx.a[role].token),
      });
      expect(response.json()).toMatchObject({ id: ctx.projectA, role });
    }
    for (const role of KEY_ROLES) {
      const response = await test.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: bearer(ctx.keysA[role].token),
      });
      expect(response.json()).toMatchObject({ kind: 'api_key', apiKey: { projectId: ctx.projectA, role } });
    }
  });
});
