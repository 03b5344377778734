import type { ResultRow } from './types.js';

export interface ReportedRow extends ResultRow {
  /** This row's req/s divided by the bare Fastify row's (null when the bare row did not run). */
  ratioVsBare: number | null;
  /** Whether the row meets its target (null when it has none). Errors or non-2xx answers count as a miss. */
  targetMet: boolean | null;
  /**
   * CPU milliseconds each request cost the server process and its PostgreSQL backends. Unlike req/s this hardly
   * moves when other work shares the machine, so it is the figure to compare between runs and commits.
   */
  cpuMsPerRequest: { server: number; postgres: number | null; loadGenerator: number } | null;
  /**
   * The req/s these CPU costs allow on this machine when nothing else runs: the server's single event loop can use at
   * most one core, and server + PostgreSQL + load generator together at most every core. An estimate, for rows that
   * ran on a busy machine; it assumes the work overlaps perfectly.
   */
  cpuCeilingRequestsPerSecond: number | null;
}

function cpuCeiling(perRequest: ReportedRow['cpuMsPerRequest'], cores: number): number | null {
  if (perRequest === null || perRequest.server <= 0) return null;
  const total = perRequest.server + (perRequest.postgres ?? 0) + perRequest.loadGenerator;
  return Math.round(Math.min(1000 / perRequest.server, (cores * 1000) / total));
}

function cpuMsPerRequest(row: ResultRow): ReportedRow['cpuMsPerRequest'] {
  if (row.cpu === null || row.requestsPerSecond <= 0) return null;
  // percent of a core / 100 = core-seconds per second; divided by requests per second = seconds per request.
  const perRequest = (percent: number) => Math.round((percent / 100 / row.requestsPerSecond) * 1000 * 1000) / 1000;
  return {
    server: perRequest(row.cpu.server),
    postgres: row.cpu.postgres === null ? null : perRequest(row.cpu.postgres),
    loadGenerator: perRequest(row.cpu.loadGenerator),
  };
}

/** CPU that neither the server, its PostgreSQL backends nor the load generator used: other work on the machine. */
export function otherCpu(row: ResultRow): number | null {
  const { cpu } = row;
  if (cpu === null) return null;
  return Math.max(0, Math.round((cpu.machine - cpu.server - (cpu.postgres ?? 0) - cpu.loadGenerator) * 10) / 10);
}

/** At most this share of one core used by other processes, a run counts as quiet. */
const QUIET_PERCENT = 5;

/**
 * Folds repetitions of the same rows into one row each, with every repetition's figures attached. The row is the
 * median (by req/s) of the quiet runs, because even quiet runs of a virtual machine vary; when no run was quiet, it
 * is the run during which other processes used the least CPU.
 */
export function representative(repetitions: ResultRow[][]): ResultRow[] {
  if (repetitions.length <= 1) return repetitions[0] ?? [];
  const key = (row: ResultRow) => `${row.scenario}|${row.variant}|${row.database}`;
  return repetitions[0]!.map((first) => {
    const runs = repetitions.flatMap((rows) => rows.filter((row) => key(row) === key(first)));
    const quiet = runs
      .filter((run) => (otherCpu(run) ?? 0) <= QUIET_PERCENT)
      .sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
    const chosen =
      quiet.length > 0
        ? quiet[Math.floor((quiet.length - 1) / 2)]!
        : runs.reduce((a, b) => ((otherCpu(b) ?? Infinity) < (otherCpu(a) ?? Infinity) ? b : a));
    const how =
      quiet.length > 0
        ? `median of ${quiet.length} quiet run${quiet.length === 1 ? '' : 's'} out of ${runs.length}`
        : `least disturbed of ${runs.length} runs, none quiet`;
    return {
      ...chosen,
      repetitions: runs.map((run) => ({
        requestsPerSecond: Math.round(run.requestsPerSecond),
        latencyP50Ms: run.latencyP50Ms,
        latencyP99Ms: run.latencyP99Ms,
        otherCpuPercent: otherCpu(run),
      })),
      notes: [
        ...chosen.notes,
        `${how}; req/s (p99 ms) of each run: ${runs.map((run) => `${Math.round(run.requestsPerSecond)} (${run.latencyP99Ms})`).join(', ')}`,
      ],
    };
  });
}

/** Above this share of one core used by other processes, a row's figures are flagged as disturbed. */
const NOISE_PERCENT = 25;

export function evaluate(rows: ResultRow[], cores: number): ReportedRow[] {
  const bare = rows.find((row) => row.scenario === 'http-bare');
  return rows.map((row) => ({
    ...row,
    cpuCeilingRequestsPerSecond: cpuCeiling(cpuMsPerRequest(row), cores),
    notes: [
      ...row.notes,
      ...((otherCpu(row) ?? 0) > NOISE_PERCENT
        ? [`other processes used ${otherCpu(row)}% of a core during the measurement: figures are low`]
        : []),
    ],
    cpuMsPerRequest: cpuMsPerRequest(row),
    ratioVsBare: bare === undefined ? null : Math.round((row.requestsPerSecond / bare.requestsPerSecond) * 1000) / 1000,
    targetMet:
      row.target === undefined
        ? null
        : row.requestsPerSecond >= row.target.minRequestsPerSecond &&
          row.latencyP99Ms <= row.target.maxP99Ms &&
          row.errors === 0 &&
          row.non2xx === 0,
  }));
}

function table(header: string[], body: string[][], rightAligned: Set<number>): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (rightAligned.has(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

const number = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function verdict(row: ReportedRow): string {
  if (row.target === undefined) return '';
  const goal = [
    ...(row.target.minRequestsPerSecond > 0 ? [`>= ${number(row.target.minRequestsPerSecond)} req/s`] : []),
    `p99 <= ${row.target.maxP99Ms} ms`,
  ].join(', ');
  if (row.targetMet) return `meets (${goal})`;
  const misses: string[] = [];
  if (row.requestsPerSecond < row.target.minRequestsPerSecond) {
    const short = row.target.minRequestsPerSecond - row.requestsPerSecond;
    const percent = (short / row.target.minRequestsPerSecond) * 100;
    misses.push(`${number(short)} req/s short (${percent < 10 ? percent.toFixed(1) : Math.round(percent)}%)`);
  }
  if (row.latencyP99Ms > row.target.maxP99Ms) misses.push(`p99 ${ms(row.latencyP99Ms - row.target.maxP99Ms)} ms over`);
  if (row.errors + row.non2xx > 0) misses.push('errors or non-2xx answers');
  return `MISSES: ${misses.join(', ')}`;
}

/** The headline table: one line per row, Markdown so it can be pasted into docs/benchmarks.md as is. */
export function figuresTable(rows: ReportedRow[]): string {
  return table(
    ['Scenario', 'Variant', 'Database', 'req/s', 'p50 ms', 'p99 ms', 'vs bare', 'Errors', 'Target'],
    rows.map((row) => [
      row.scenario,
      row.variant,
      row.database,
      number(row.requestsPerSecond),
      ms(row.latencyP50Ms),
      ms(row.latencyP99Ms),
      row.ratioVsBare === null ? '-' : `${row.ratioVsBare.toFixed(3)}x`,
      String(row.errors + row.non2xx),
      verdict(row),
    ]),
    new Set([3, 4, 5, 6, 7]),
  );
}

/** Each row's notes, one line each, for under the table. */
export function notesList(rows: ReportedRow[]): string | undefined {
  const lines = rows.flatMap((row) =>
    row.notes.map((note) => `- ${row.scenario} ${row.variant} ${row.database}: ${note}`),
  );
  return lines.length === 0 ? undefined : lines.join('\n');
}

/** CPU use during each measured window: who used the two cores. */
export function cpuTable(rows: ReportedRow[]): string | undefined {
  if (rows.every((row) => row.cpu === null)) return undefined;
  const percent = (value: number | null | undefined) => (value === null || value === undefined ? '-' : `${value}%`);
  return table(
    [
      'Scenario',
      'Variant',
      'Database',
      'server',
      'postgres',
      'load generator',
      'other',
      'machine',
      'server ms/req',
      'postgres ms/req',
      'CPU ceiling req/s',
    ],
    rows.map((row) => {
      const cpu = row.cpu;
      const other = otherCpu(row);
      const perRequest = row.cpuMsPerRequest;
      return [
        row.scenario,
        row.variant,
        row.database,
        percent(cpu?.server),
        percent(cpu?.postgres),
        percent(cpu?.loadGenerator),
        percent(other),
        percent(cpu?.machine),
        perRequest === null ? '-' : perRequest.server.toFixed(3),
        perRequest?.postgres === null || perRequest === null ? '-' : perRequest.postgres.toFixed(3),
        row.cpuCeilingRequestsPerSecond === null ? '-' : number(row.cpuCeilingRequestsPerSecond),
      ];
    }),
    new Set([3, 4, 5, 6, 7, 8, 9, 10]),
  );
}

/** With --diagnose: round trips and waits per request, and the server's hottest code. */
export function diagnosis(rows: ReportedRow[]): string | undefined {
  const parts: string[] = [];
  const withInternals = rows.filter((row) => row.internals !== null);
  if (withInternals.length > 0) {
    parts.push(
      table(
        ['Scenario', 'Variant', 'Database', 'queries/req', 'tx/req', 'DB wait ms/req', 'pool wait ms/req', 'loop busy'],
        withInternals.map((row) => {
          const internals = row.internals!;
          const postgres = internals.postgres;
          return [
            row.scenario,
            row.variant,
            row.database,
            postgres === null ? '-' : String(postgres.queriesPerRequest),
            postgres === null ? '-' : String(postgres.transactionsPerRequest),
            postgres === null ? '-' : String(postgres.queryMsPerRequest),
            postgres === null ? '-' : String(postgres.poolWaitMsPerRequest),
            `${Math.round(internals.eventLoopUtilization * 100)}%`,
          ];
        }),
        new Set([3, 4, 5, 6, 7]),
      ),
    );
  }
  for (const row of rows) {
    if (row.profile === null) continue;
    const { profile } = row;
    parts.push(
      [
        `${row.scenario} ${row.variant} on ${row.database}: ${profile.file} (${profile.sampledMs} ms sampled)`,
        `  self time by area: ${profile.areas
          .slice(0, 10)
          .map((area) => `${area.area} ${area.percent}%`)
          .join(', ')}`,
        '  hottest functions:',
        ...profile.functions.map((fn) =>
          `    ${`${fn.percent}%`.padStart(6)}  ${fn.name}  [${fn.area}] ${fn.location}`.trimEnd(),
        ),
      ].join('\n'),
    );
  }
  return parts.length === 0 ? undefined : parts.join('\n\n');
}
