/**
 * The isolation matrix's entry for the dashboard module's project route.
 * Test-only (see test/helpers/route-matrix.ts); the production build leaves *.isolation.ts out.
 */
import { type IsolationCases, projectA } from '../../../test/helpers/route-matrix.js';

export const isolationCases: IsolationCases = {
  'GET /api/v1/projects/:projectId/dashboard': {
    minRole: 'viewer',
    success: 200,
    note: 'No snapshot: the answer carries generatedAt; the lists it shows are snapshotted through their own routes.',
    prepare: async (ctx) => ({ ...projectA(ctx), query: { days: '14', top: '3', activity: '10' } }),
  },
};
