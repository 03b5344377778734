import { join } from 'node:path';
import { startCommandCenter } from './lib/commandcenter.js';
import { type Measured, measure } from './lib/measure.js';
import { summariseProfile } from './lib/profile.js';
import type { ResultRow, Scenario } from './lib/types.js';

/**
 * GET /health on `cc serve`: every plugin and hook of the real app (request id, helmet, CORS, cookies, metrics, the
 * access gate on a public route) but no credentials and no database. It splits the gap between bare Fastify and the
 * scoped GET into "the app's HTTP stack" and "authentication + database".
 */
export const httpHealth: Scenario = {
  id: 'http-health',
  title: 'CommandCenter HTTP stack without auth or database: GET /health on cc serve',
  usesDatabase: false,
  startsCommandCenter: true,
  async run(options, log) {
    const label = 'http-health';
    log('  cc serve (PGlite, untouched by this route), GET /health');
    // PGlite needs no external service; the route never reaches the database.
    const server = await startCommandCenter('pglite', options, label);
    let measured: Measured;
    try {
      measured = await measure({
        request: { url: `${server.baseUrl}/health` },
        options,
        serverPid: server.process.pid,
        counters: server.counters,
        log,
      });
    } finally {
      await server.stop();
    }
    const { window, ...figures } = measured;
    return [
      {
        scenario: 'http-health',
        variant: 'no auth, no DB',
        database: 'none',
        method: 'GET',
        path: '/health',
        connections: options.connections,
        durationSeconds: options.durationSeconds,
        ...figures,
        profile:
          options.diagnoseDir === undefined
            ? null
            : summariseProfile(join(options.diagnoseDir, `${label}.cpuprofile`), window),
        notes: options.diagnoseDir === undefined ? [] : ['server ran under the CPU profiler'],
      } satisfies ResultRow,
    ];
  },
};
