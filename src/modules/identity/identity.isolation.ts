/**
 * The isolation matrix's entries for the identity module's project routes: API keys.
 * Test-only (see test/helpers/route-matrix.ts); the production build leaves *.isolation.ts out.
 */
import { createApiKey, type IsolationCases, projectA, unique } from '../../../test/helpers/route-matrix.js';

export const isolationCases: IsolationCases = {
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
};
