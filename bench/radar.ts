import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { bootstrapProject, type CommandCenterServer, startCommandCenter } from './lib/commandcenter.js';
import { probe } from './lib/load.js';
import { measureRow, waitUntilIdle } from './lib/measure.js';
import { REPO_ROOT } from './lib/processes.js';
import type { BenchOptions, DatabaseName, ResultRow, Scenario } from './lib/types.js';

/** The issue's requirement for technology lists and searches on PostgreSQL with 10,000 technologies in a project. */
export const TECHNOLOGY_LIST_TARGET = { minRequestsPerSecond: 0, maxP99Ms: 50 };

const VOLUME_34 = join(REPO_ROOT, '..', 'shared', 'data', 'radar', 'thoughtworks', 'vol34-2026-Apr.csv');
const SEEDED = 10_000;
/** One seeded technology in this many is placed on the default radar: a radar of about 500 blips, as in practice. */
const PLACED_EVERY = 25;
const WORDS = [
  'kubernetes',
  'observability',
  'streaming',
  'vector',
  'agent',
  'compiler',
  'gateway',
  'ledger',
  'mesh',
  'cache',
  'queue',
  'graph',
];

const CASES = [
  {
    variant: 'list',
    query: 'technologies?limit=50',
    detail: 'first page of 50 in the default order (updatedAt desc): seeded technologies, about 36 KB',
  },
  {
    variant: 'list, long descriptions',
    query: 'technologies?limit=50&sort=createdAt&order=asc',
    detail: 'the 50 oldest: imported Thoughtworks blips with their HTML descriptions, about 110 KB',
  },
  {
    variant: 'filters',
    query: 'technologies?tag=group-9&priority=5&sort=relevance&limit=50',
    // group-9 holds technologies n ≡ 9 (mod 50), all of priority n mod 5 + 1 = 5: 200 match, a full page.
    detail: 'tag + priority, sorted by relevance',
  },
  { variant: 'search', query: 'technologies?q=observability&limit=50', detail: 'full text "observability"' },
  { variant: 'dashboard', query: 'dashboard', detail: 'radar summary, research attention, recent activity' },
] as const;

/**
 * Radar reads with 10,000 technologies in one project, against `cc serve` in its own process like every HTTP row:
 * one server per database is set up once (Thoughtworks volume 34 imported through the API as a job, whose wall time
 * is noted on the first row, then the 10,000 technologies) and serves every case.
 */
export const radar: Scenario = {
  id: 'radar',
  title: 'Radar: technology list / filters / search with 10,000 technologies, dashboard',
  usesDatabase: true,
  startsCommandCenter: true,
  async run(options, log) {
    const rows: ResultRow[] = [];
    for (const database of options.databases) rows.push(...(await runOne(database, options, log)));
    return rows;
  },
};

async function runOne(database: DatabaseName, options: BenchOptions, log: (line: string) => void) {
  const label = `radar-${database}`;
  log(`  ${database}: starting cc serve`);
  const server = await startCommandCenter(database, options, label);
  const finishers: Array<() => ResultRow> = [];
  try {
    const fixture = await bootstrapProject(server);
    const base = `${server.baseUrl}/api/v1/projects/${fixture.projectId}`;
    const auth = { authorization: `Bearer ${fixture.accessToken}` };
    const importSeconds = await importVolume34(base, auth);
    log(`    import of volume 34 + publish: ${importSeconds} s wall`);
    const started = performance.now();
    await seed(server, fixture.projectId, base, auth);
    log(`    seeded ${SEEDED.toLocaleString('en-US')} technologies in ${Math.round(performance.now() - started)} ms`);
    await waitUntilIdle(server, log);
    for (const [index, item] of CASES.entries()) {
      log(`  ${database}, ${item.variant}`);
      finishers.push(
        await measureRow({
          server,
          label,
          row: {
            scenario: 'radar',
            variant: item.variant,
            method: 'GET',
            path: `/api/v1/projects/:projectId/${item.query}`,
            ...(database === 'postgres' && item.variant !== 'dashboard' ? { target: TECHNOLOGY_LIST_TARGET } : {}),
          },
          request: { url: `${base}/${item.query}`, headers: auth },
          options,
          notes: [
            `${item.detail}; ${(SEEDED + 118).toLocaleString('en-US')} technologies`,
            ...(index === 0
              ? [
                  `import of Thoughtworks vol. 34 (118 blips) + publish a volume, through the API as a job: ${importSeconds} s wall`,
                ]
              : []),
          ],
          log,
        }),
      );
    }
  } finally {
    await server.stop();
  }
  return finishers.map((finish) => finish());
}

async function importVolume34(base: string, auth: Record<string, string>): Promise<number> {
  const started = performance.now();
  const accepted = (await probe({
    url: `${base}/radar-imports`,
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      format: 'byor-csv',
      content: readFileSync(VOLUME_34, 'utf8'),
      publishVolume: { name: 'Volume 34', date: '2026-04-15' },
    }),
  })) as { job: { id: string } };
  for (;;) {
    const job = (await probe({ url: `${base}/jobs/${accepted.job.id}`, headers: auth })) as { status: string };
    if (job.status === 'failed') throw new Error('the import job failed');
    if (job.status === 'completed') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Math.round((performance.now() - started) / 10) / 100;
}

/**
 * 10,000 technologies with tags and descriptions to search, one in PLACED_EVERY on the default radar, all newer
 * than the imported blips (as when written through the API after the import). On PostgreSQL one statement writes
 * them (the import path is measured above); PGlite belongs to the server process, so there they go through the API.
 */
async function seed(server: CommandCenterServer, projectId: string, base: string, auth: Record<string, string>) {
  if (server.benchDatabase === undefined) {
    let next = 0;
    const worker = async () => {
      for (let n = next++; n < SEEDED; n = next++) {
        await probe({
          url: `${base}/technologies`,
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            title: `Technology ${n} ${WORDS[n % WORDS.length]}`,
            description: `A ${WORDS[(n * 7) % WORDS.length]} tool for ${WORDS[(n * 3) % WORDS.length]} teams, number ${n}.`,
            tags: [WORDS[n % WORDS.length], `group-${n % 50}`],
            priority: (n % 5) + 1,
            relevance: n % 101,
            domain: `domain-${n % 20}`,
            ...(n % PLACED_EVERY === 0 ? { placement: { quadrantId: 'tools', ringId: 'trial' } } : {}),
          }),
        });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return;
  }
  const client = new pg.Client({ connectionString: server.benchDatabase.url });
  await client.connect();
  try {
    const words = `ARRAY[${WORDS.map((word) => `'${word}'`).join(', ')}]`;
    await client.query(
      `INSERT INTO technologies (id, project_id, title, description, tags, priority, relevance, domain, created_at, updated_at)
       SELECT gen_random_uuid(), $1, 'Technology ' || n || ' ' || (${words})[1 + n % 12],
              'A ' || (${words})[1 + (n * 7) % 12] || ' tool for ' || (${words})[1 + (n * 3) % 12] || ' teams, number ' || n || '.',
              ARRAY[(${words})[1 + n % 12], 'group-' || n % 50], n % 5 + 1, n % 101, 'domain-' || n % 20,
              now() + n * interval '1 millisecond', now() + n * interval '1 millisecond'
       FROM generate_series(0, $2::int - 1) AS n`,
      [projectId, SEEDED],
    );
    await client.query(
      `INSERT INTO blips (id, project_id, radar_id, technology_id, quadrant_id, ring_id)
       SELECT gen_random_uuid(), t.project_id, r.id, t.id,
              r.quadrants -> (hashtext(t.title) & 3) ->> 'id', r.rings -> (hashtext(t.title) >> 2 & 3) ->> 'id'
       FROM technologies t JOIN radars r ON r.project_id = t.project_id AND r.is_default
       WHERE t.project_id = $1 AND t.title ~ '^Technology [0-9]+ ' AND split_part(t.title, ' ', 2)::int % $2 = 0`,
      [projectId, PLACED_EVERY],
    );
    // As autovacuum would soon after a bulk load: fresh planner statistics, and the GIN indexes' pending lists
    // merged (until then every search and tag filter scans 10,000 pending entries).
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}
