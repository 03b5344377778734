/**
 * The isolation matrix's entries for the radar's share-link routes (the public /api/v1/shared/ URLs they serve are
 * not project routes: radar-share-links.test.ts covers them).
 * Test-only (see test/helpers/route-matrix.ts); the production build leaves *.isolation.ts out.
 */
import { expect } from 'vitest';
import * as radar from '../../../../test/helpers/radar.js';
import { type IsolationCases, injectAs, type MatrixContext, unique } from '../../../../test/helpers/route-matrix.js';

/** A fresh share link of the project's default radar, made by the given admin: the params that name it. */
async function shareLinkOf(ctx: MatrixContext, projectId: string, token: string) {
  const radarId = await radar.defaultRadarId(ctx.test, projectId, token);
  const url = `/api/v1/projects/${projectId}/radars/${radarId}/share-links`;
  const response = await injectAs(ctx, token, 'POST', url, { label: `matrix ${unique()}` });
  expect(response.statusCode, response.body).toBe(201);
  return { projectId, radarId, linkId: response.json().link.id as string };
}

export const isolationCases: IsolationCases = {
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
