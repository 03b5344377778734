import * as radar from '../../../test/helpers/radar.js';
import { type IsolationCases, projectA, unique } from '../../../test/helpers/route-matrix.js';

export const isolationCases: IsolationCases = {
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
};
