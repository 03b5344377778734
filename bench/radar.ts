/**
 * Radar figures (issue 4): import of Thoughtworks volume 34 through the API as a job (wall time), technology list /
 * search / filter latency with 10,000 technologies in one project, and the dashboard. The app listens on a port in
 * this process and autocannon loads it from the same process, so the figures are conservative on 2 cores.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { v7 as uuidv7 } from 'uuid';
import { technologies } from '../src/modules/radar/tables.js';
import { bearer, buildTestApp, createProject, createUser, type TestApp } from '../test/helpers/app.js';
import type { DatabaseKind } from '../test/helpers/databases.js';

const VOLUME_34 = join(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'data',
  'radar',
  'thoughtworks',
  'vol34-2026-Apr.csv',
);
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

export interface RadarBenchRow {
  database: DatabaseKind;
  figure: string;
  p50Ms?: number;
  p99Ms?: number;
  requestsPerSecond?: number;
  wallSeconds?: number;
  target?: string;
  targetMet?: boolean;
  detail: string;
}

async function load(url: string, token: string, seconds: number) {
  const result = await autocannon({ url, connections: 10, duration: seconds, headers: bearer(token) });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    non2xx: result.non2xx,
  };
}

async function waitForJob(test: TestApp, projectId: string, jobId: string, token: string): Promise<string> {
  for (;;) {
    const job = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${projectId}/jobs/${jobId}`,
        headers: bearer(token),
      })
    ).json();
    if (job.status === 'completed' || job.status === 'failed') return job.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function benchOne(kind: DatabaseKind, seconds: number): Promise<RadarBenchRow[]> {
  const test = await buildTestApp(kind, { env: { RATE_LIMIT_PER_MINUTE: '10000000', LOG_LEVEL: 'silent' } });
  const rows: RadarBenchRow[] = [];
  try {
    const admin = await createUser(test, { name: 'bench-admin' });
    const project = await createProject(test, admin, 'Bench Radar');
    const content = readFileSync(VOLUME_34, 'utf8');
    const started = performance.now();
    const accepted = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/radar-imports`,
      headers: bearer(admin.token),
      payload: { format: 'byor-csv', content, publishVolume: { name: 'Volume 34', date: '2026-04-15' } },
    });
    if (accepted.statusCode !== 202) throw new Error(`import refused: ${accepted.body}`);
    const status = await waitForJob(test, project.id, accepted.json().job.id, admin.token);
    rows.push({
      database: kind,
      figure: 'import Thoughtworks vol. 34 (118 blips) + publish volume',
      wallSeconds: Math.round((performance.now() - started) / 10) / 100,
      detail: `POST …/radar-imports → job ${status}`,
    });

    // 10,000 technologies written directly (the import path is measured above), with tags and descriptions to search.
    await test.database.db.tenant({ projectId: project.id }, async (tx) => {
      for (let offset = 0; offset < 10_000; offset += 1000) {
        await tx.insert(technologies).values(
          Array.from({ length: 1000 }, (_, index) => {
            const n = offset + index;
            return {
              id: uuidv7(),
              projectId: project.id,
              title: `Technology ${n} ${WORDS[n % WORDS.length]}`,
              description: `A ${WORDS[(n * 7) % WORDS.length]} tool for ${WORDS[(n * 3) % WORDS.length]} teams, number ${n}.`,
              tags: [WORDS[n % WORDS.length]!, `group-${n % 50}`],
              priority: (n % 5) + 1,
              relevance: n % 101,
              domain: `domain-${n % 20}`,
            };
          }),
        );
      }
    });
    // As autovacuum would soon after a bulk load (and the embedded maintenance timer does): fresh planner statistics.
    await test.database.db.session((run) => run('ANALYZE'));
    const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `${address}/api/v1/projects/${project.id}`;
    const cases = [
      ['technology list (first page of 50, sorted by title)', `${base}/technologies?limit=50`],
      ['technology search (full text "observability")', `${base}/technologies?q=observability&limit=50`],
      [
        'technology filters (tag + priority + sort by relevance)',
        `${base}/technologies?tag=group-7&priority=5&sort=relevance&limit=50`,
      ],
      ['dashboard (one request)', `${base}/dashboard`],
    ] as const;
    for (const [figure, url] of cases) {
      const measured = await load(url, admin.token, seconds);
      const isList = figure.startsWith('technology');
      rows.push({
        database: kind,
        figure,
        p50Ms: measured.p50,
        p99Ms: measured.p99,
        requestsPerSecond: measured.rps,
        ...(isList && kind === 'postgres' ? { target: 'p99 ≤ 50 ms', targetMet: measured.p99 <= 50 } : {}),
        detail: `10,118 technologies, 10 connections, ${seconds} s${measured.non2xx > 0 ? `, ${measured.non2xx} non-2xx!` : ''}`,
      });
    }
  } finally {
    await test.close();
  }
  return rows;
}

export async function runRadarBenchmarks(log: (line: string) => void, seconds = 5): Promise<RadarBenchRow[]> {
  const rows: RadarBenchRow[] = [];
  for (const kind of ['postgres', 'embedded'] as const) {
    log(`radar: ${kind}`);
    rows.push(...(await benchOne(kind, seconds)));
  }
  return rows;
}

export function radarTable(rows: RadarBenchRow[]): string {
  const lines = [
    '| database | figure | p50 | p99 | req/s | wall | target | detail |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const target = row.target === undefined ? '' : `${row.target} ${row.targetMet ? '✓' : '✗'}`;
    const ms = (value?: number) => (value === undefined ? '' : `${value} ms`);
    lines.push(
      `| ${row.database} | ${row.figure} | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | ${row.requestsPerSecond ?? ''} | ${row.wallSeconds === undefined ? '' : `${row.wallSeconds} s`} | ${target} | ${row.detail} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('radar.ts')) {
  const rows = await runRadarBenchmarks((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${radarTable(rows)}\n`);
  process.exit(0);
}
