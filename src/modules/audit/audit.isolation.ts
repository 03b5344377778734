/**
 * The isolation matrix's entry for the audit module's project route.
 * Test-only (see test/helpers/route-matrix.ts); the production build leaves *.isolation.ts out.
 */
import { type IsolationCases, projectA } from '../../../test/helpers/route-matrix.js';

export const isolationCases: IsolationCases = {
  'GET /api/v1/projects/:projectId/audit': {
    minRole: 'admin',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '5' } }),
    snapshot: { limit: '200' },
  },
};
