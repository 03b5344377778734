import * as radar from '../../../../test/helpers/radar.js';
import { type IsolationCases, projectA, unique } from '../../../../test/helpers/route-matrix.js';

export const isolationCases: IsolationCases = {
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
};
