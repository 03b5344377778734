/**
 * The isolation matrix's entries for the research module's project routes: tasks, comments, attachments.
 * Test-only (see test/helpers/route-matrix.ts); the production build leaves *.isolation.ts out.
 */
import * as research from '../../../test/helpers/research.js';
import { type IsolationCases, projectA, unique } from '../../../test/helpers/route-matrix.js';

export const isolationCases: IsolationCases = {
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
};
