import { bootstrapProject, startCommandCenter } from './lib/commandcenter.js';
import { measureRow } from './lib/measure.js';
import type { BenchOptions, DatabaseName, ResultRow, Scenario } from './lib/types.js';

/** The requirement for this route on PostgreSQL, 50 connections, RLS on. */
export const SCOPED_GET_TARGET = { minRequestsPerSecond: 2000, maxP99Ms: 50 };

const VARIANTS = [
  {
    name: 'JWT',
    // A signed-in user: the token is verified without the database, the access gate reads the membership, then the
    // handler reads the project, each under RLS in a tenant scope.
    credential: (fixture: { accessToken: string; apiKey: string }) => fixture.accessToken,
  },
  {
    name: 'API key',
    // A viewer key: looked up by prefix in a system transaction (no membership read), then the handler's read.
    credential: (fixture: { accessToken: string; apiKey: string }) => fixture.apiKey,
  },
] as const;

/**
 * GET /api/v1/projects/:projectId through the whole product: `cc serve` in its own process with every plugin
 * (helmet, CORS, rate limit, metrics, access gate), Row-Level Security on, on PGlite and on PostgreSQL. Each row
 * gets its own server on a fresh database.
 */
export const httpScopedGet: Scenario = {
  id: 'http-scoped-get',
  title: 'Authenticated project-scoped GET /api/v1/projects/:projectId (RLS on)',
  usesDatabase: true,
  startsCommandCenter: true,
  async run(options, log) {
    const rows: ResultRow[] = [];
    for (const database of options.databases) {
      for (const variant of VARIANTS) {
        rows.push(await runOne(database, variant, options, log));
      }
    }
    return rows;
  },
};

async function runOne(
  database: DatabaseName,
  variant: (typeof VARIANTS)[number],
  options: BenchOptions,
  log: (line: string) => void,
): Promise<ResultRow> {
  const label = `http-scoped-get-${database}-${variant.name.replace(/\W+/g, '-').toLowerCase()}`;
  log(`  ${database}, ${variant.name}: starting cc serve`);
  const server = await startCommandCenter(database, options, label);
  let row: () => ResultRow;
  try {
    const fixture = await bootstrapProject(server);
    row = await measureRow({
      server,
      label,
      row: {
        scenario: 'http-scoped-get',
        variant: variant.name,
        method: 'GET',
        path: '/api/v1/projects/:projectId',
        ...(database === 'postgres' ? { target: SCOPED_GET_TARGET } : {}),
      },
      request: {
        url: `${server.baseUrl}/api/v1/projects/${fixture.projectId}`,
        headers: { authorization: `Bearer ${variant.credential(fixture)}` },
      },
      options,
      log,
    });
  } finally {
    await server.stop();
  }
  return row();
}
