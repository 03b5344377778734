import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { CpuShare } from './types.js';

/**
 * CPU accounting from /proc (Linux only; elsewhere every figure is null). Shares are percent of one core, so on a
 * 2-core machine 200 means both cores were busy for the whole window.
 */

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(), 10) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of a process (all its threads), in seconds; undefined when it is gone or this is not Linux. */
function processSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after the closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** Busy seconds summed over all cores, from /proc/stat. */
function machineBusySeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = values;
    return (user + nice + system + irq + softirq + steal) / clockTicks();
  } catch {
    return undefined;
  }
}

interface Snapshot {
  at: bigint;
  server: number | undefined;
  postgres: Map<number, number>;
  loadGenerator: NodeJS.CpuUsage;
  machine: number | undefined;
}

export interface CpuMeter {
  /** Ends the window and returns the shares, or null when /proc is not available. */
  stop(): CpuShare | null;
}

/**
 * Starts measuring the server process, the given PostgreSQL backend pids (the ones serving the server's pool, so
 * other databases on the same cluster do not count) and this process, which runs the load generator.
 */
export function startCpuMeter(serverPid: number, postgresPids: number[] = []): CpuMeter {
  const take = (): Snapshot => ({
    at: process.hrtime.bigint(),
    server: processSeconds(serverPid),
    postgres: new Map(
      postgresPids.flatMap((pid) => {
        const seconds = processSeconds(pid);
        return seconds === undefined ? [] : [[pid, seconds] as const];
      }),
    ),
    loadGenerator: process.cpuUsage(),
    machine: machineBusySeconds(),
  });
  const start = take();
  return {
    stop() {
      const end = take();
      if (start.server === undefined || end.server === undefined) return null;
      const wall = Number(end.at - start.at) / 1e9;
      const percent = (seconds: number) => Math.round((seconds / wall) * 1000) / 10;
      let postgresSeconds = 0;
      for (const [pid, before] of start.postgres) {
        const after = end.postgres.get(pid);
        if (after !== undefined) postgresSeconds += after - before;
      }
      const generator = process.cpuUsage(start.loadGenerator);
      return {
        server: percent(end.server - start.server),
        postgres: postgresPids.length === 0 ? null : percent(postgresSeconds),
        loadGenerator: percent((generator.user + generator.system) / 1e6),
        machine: start.machine === undefined || end.machine === undefined ? 0 : percent(end.machine - start.machine),
      };
    },
  };
}

/** How busy the machine is right now (percent of one core), to warn when other work would skew the figures. */
export async function machineLoad(sampleMs = 1000): Promise<number | undefined> {
  const before = machineBusySeconds();
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const after = machineBusySeconds();
  if (before === undefined || after === undefined) return undefined;
  return Math.round(((after - before) / (sampleMs / 1000)) * 1000) / 10;
}

export const cpuCount = () => cpus().length;
