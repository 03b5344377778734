import * as radar from '../../../../test/helpers/radar.js';
import { type IsolationCases, projectA, unique } from '../../../../test/helpers/route-matrix.js';

export const isolationCases: IsolationCases = {
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
};
