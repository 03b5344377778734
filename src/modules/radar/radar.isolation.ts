/**
 * The isolation matrix's entries for the radar module's project routes: technologies, radars, blips, volumes,
 * proposals, import/export and share links.
 * Test-only (see test/helpers/route-matrix.ts); the production build leaves *.isolation.ts out.
 */
import { expect } from 'vitest';
import * as radar from '../../../test/helpers/radar.js';
import {
  type IsolationCases,
  injectAs,
  type MatrixContext,
  projectA,
  unique,
} from '../../../test/helpers/route-matrix.js';

/** A fresh share link of the project's default radar, made by the given admin: the params that name it. */
async function shareLinkOf(ctx: MatrixContext, projectId: string, token: string) {
  const radarId = await radar.defaultRadarId(ctx.test, projectId, token);
  const url = `/api/v1/projects/${projectId}/radars/${radarId}/share-links`;
  const response = await injectAs(ctx, token, 'POST', url, { label: `matrix ${unique()}` });
  expect(response.statusCode, response.body).toBe(201);
  return { projectId, radarId, linkId: response.json().link.id as string };
}

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
