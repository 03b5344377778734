/**
 * The isolation matrix's entries for the projects module's routes: the project, its members, its invitations.
 * Test-only (see test/helpers/route-matrix.ts); the production build leaves *.isolation.ts out.
 */
import { expect } from 'vitest';
import { createProject } from '../../../test/helpers/app.js';
import {
  ensureMemberOfA,
  ensureNotMemberOfA,
  type IsolationCases,
  injectAs,
  type MatrixContext,
  projectA,
  type RouteRequest,
  unique,
} from '../../../test/helpers/route-matrix.js';

/** A fresh open invitation of the project, made by the given admin; its id. */
async function invitationOf(ctx: MatrixContext, projectId: string, token: string): Promise<string> {
  const response = await injectAs(ctx, token, 'POST', `/api/v1/projects/${projectId}/invitations`, {
    email: `invitee-${unique()}@example.com`,
    role: 'viewer',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().invitation.id;
}

export const isolationCases: IsolationCases = {
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
            return isolationCases['POST /api/v1/projects/:projectId/members']!.prepare(ctx);
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
};
