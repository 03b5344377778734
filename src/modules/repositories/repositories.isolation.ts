/**
 * The isolation matrix's entries for the repositories module's project routes.
 * Test-only (see test/helpers/route-matrix.ts); the production build leaves *.isolation.ts out.
 */
import { repositoryFixture } from '../../../test/helpers/repositories.js';
import {
  type IsolationCases,
  type MatrixContext,
  type MatrixEntry,
  projectA,
  unique,
} from '../../../test/helpers/route-matrix.js';

const BASE = '/api/v1/projects/:projectId/repositories';

/** A's URL with a repository of A (for prepare) or of B (for foreign). */
const inA = async (ctx: MatrixContext) => ({
  params: { projectId: ctx.projectA, repositoryId: await repositoryFixture(ctx.test, ctx.projectA, ctx.a.owner.token) },
});
const foreignInA = async (ctx: MatrixContext) => ({
  params: { projectId: ctx.projectA, repositoryId: await repositoryFixture(ctx.test, ctx.projectB, ctx.ownerB.token) },
});

/** The reads of one repository and its history: viewers may, a foreign repository is 404. */
const readOfOne: MatrixEntry = { minRole: 'viewer', success: 200, prepare: inA, foreign: foreignInA };

export const isolationCases: IsolationCases = {
  [`GET ${BASE}`]: {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { q: 'matrix' } }),
    snapshot: { limit: '200' },
  },

  [`POST ${BASE}`]: {
    minRole: 'admin',
    success: 201,
    prepare: async (ctx) => ({
      ...projectA(ctx),
      body: { location: `https://git.example.invalid/matrix/${unique()}.git`, displayName: 'matrix' },
    }),
  },

  [`GET ${BASE}/:repositoryId`]: readOfOne,

  [`DELETE ${BASE}/:repositoryId`]: {
    minRole: 'admin',
    success: 204,
    prepare: inA,
    foreign: foreignInA,
  },

  [`POST ${BASE}/:repositoryId/sync`]: {
    minRole: 'member',
    success: 202,
    prepare: inA,
    foreign: foreignInA,
  },

  [`GET ${BASE}/:repositoryId/commits`]: readOfOne,
  [`GET ${BASE}/:repositoryId/branches`]: readOfOne,
  [`GET ${BASE}/:repositoryId/tags`]: readOfOne,
};
