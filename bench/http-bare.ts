import { join } from 'node:path';
import { type Measured, measure } from './lib/measure.js';
import { freePort, REPO_ROOT, startProcess, track } from './lib/processes.js';
import { summariseProfile } from './lib/profile.js';
import type { ResultRow, Scenario } from './lib/types.js';

/** GET on a Fastify process with one route and nothing else: the ceiling every other row is compared with. */
export const httpBare: Scenario = {
  id: 'http-bare',
  title: 'Bare Fastify: GET /bare returning a small JSON object (no plugins, auth or database)',
  usesDatabase: false,
  startsCommandCenter: false,
  async run(options, log) {
    const port = await freePort();
    const nodeArgs =
      options.diagnoseDir === undefined
        ? []
        : ['--cpu-prof', `--cpu-prof-dir=${options.diagnoseDir}`, '--cpu-prof-name=http-bare.cpuprofile'];
    const server = await startProcess({
      name: 'bare server',
      command: process.execPath,
      args: [...nodeArgs, '--import', 'tsx', join(REPO_ROOT, 'bench', 'bare-server.ts')],
      env: { PORT: String(port), HOST: '127.0.0.1' },
      readyPattern: /listening (\S+)/,
    });
    const stop = track(() => server.stop());
    let measured: Measured;
    try {
      log('  bare Fastify, GET /bare');
      measured = await measure({
        request: { url: `http://127.0.0.1:${port}/bare` },
        options,
        serverPid: server.pid,
        log,
      });
    } finally {
      await stop();
    }
    const { window, ...figures } = measured;
    const row: ResultRow = {
      scenario: 'http-bare',
      variant: 'bare Fastify',
      database: 'none',
      method: 'GET',
      path: '/bare',
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      ...figures,
      profile:
        options.diagnoseDir === undefined
          ? null
          : summariseProfile(join(options.diagnoseDir, 'http-bare.cpuprofile'), window),
      notes: options.diagnoseDir === undefined ? [] : ['server ran under the CPU profiler'],
    };
    return [row];
  },
};
