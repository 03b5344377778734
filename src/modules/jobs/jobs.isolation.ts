/**
 * The isolation matrix's entries for the jobs module's project routes.
 * Test-only (see test/helpers/route-matrix.ts); the production build leaves *.isolation.ts out.
 */
import { createJob, type IsolationCases, projectA } from '../../../test/helpers/route-matrix.js';

export const isolationCases: IsolationCases = {
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
};
