/**
 * The isolation matrix's entries for the events module's project routes: the log, activity, stats, stream, dead letters and replay.
 * Test-only (see test/helpers/route-matrix.ts); the production build leaves *.isolation.ts out.
 */
import {
  type IsolationCases,
  newestEventId,
  projectA,
  replayBody,
  subscriberName,
} from '../../../test/helpers/route-matrix.js';

export const isolationCases: IsolationCases = {
  'GET /api/v1/projects/:projectId/events': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '10' } }),
    snapshot: { limit: '200' },
  },

  'GET /api/v1/projects/:projectId/activity': {
    minRole: 'viewer',
    success: 200,
    prepare: async (ctx) => ({ ...projectA(ctx), query: { limit: '10' } }),
  },

  'GET /api/v1/projects/:projectId/events/stats': {
    minRole: 'viewer',
    success: 200,
    // Not a snapshot: the stats are kept by an event subscriber, asynchronously.
    prepare: async (ctx) => ({ ...projectA(ctx), query: { days: '7' } }),
  },

  'GET /api/v1/projects/:projectId/events/stream': {
    minRole: 'viewer',
    success: 200,
    note: 'Server-Sent Events: the positive control checks the 200 and closes the stream (see injectFully).',
    prepare: async (ctx) => projectA(ctx),
  },

  'GET /api/v1/projects/:projectId/events/dead-letters': {
    minRole: 'admin',
    success: 200,
    prepare: async (ctx) => projectA(ctx),
    snapshot: { limit: '200', includeReplayed: 'true' },
  },

  'POST /api/v1/projects/:projectId/events/replay': {
    minRole: 'admin',
    success: 202,
    prepare: async (ctx) => ({ ...projectA(ctx), body: await replayBody(ctx.test, ctx.projectA, ctx.a.owner.token) }),
    // B's event named in A's replay: refused exactly like an event that does not exist (no oracle, nothing queued).
    foreign: async (ctx) => ({
      ...projectA(ctx),
      body: {
        subscriber: await subscriberName(ctx.test, ctx.a.owner.token),
        eventIds: [await newestEventId(ctx.test, ctx.projectB, ctx.ownerB.token)],
      },
    }),
    foreignAnswer: { status: 422, type: 'validation' },
  },
};
