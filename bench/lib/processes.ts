import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Cleanups of everything started and not yet stopped (servers, databases), for an interrupted run. */
const pending = new Set<() => Promise<unknown>>();

/** Registers `cleanup` until the returned function is called (which runs it once). */
export function track(cleanup: () => Promise<unknown>): () => Promise<void> {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    pending.delete(once);
    await cleanup();
  };
  pending.add(once);
  return once;
}

/** Stops every tracked server and drops every tracked database (Ctrl-C, or a failed run). */
export async function cleanUpEverything(): Promise<void> {
  for (const cleanup of [...pending].reverse()) await cleanup().catch(() => undefined);
}

/** A port that was free a moment ago (the kernel picks it; the server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject()));
    });
  });
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The first match of `readyPattern` in the output. */
  readonly ready: RegExpExecArray;
  /** Everything the process printed so far (for error messages). */
  output(): string;
  /** SIGTERM (the server drains and exits, writing its CPU profile if any), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a server in its own process so it never competes with the load generator's event loop, and resolves once
 * its output matches `readyPattern`. Fails with the output if it exits or stays silent for `timeoutMs`.
 */
export function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  readyPattern: RegExp;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const child = spawn(options.command, options.args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${options.name}: ${reason}\n--- output ---\n${output.slice(-4000)}`));
    };
    const timer = setTimeout(() => fail('not ready in time'), options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // Keep memory bounded if a server logs a lot under load.
      if (output.length > 200_000) output = output.slice(-100_000);
      const ready = options.readyPattern.exec(output);
      if (ready === null || child.pid === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      // Keep draining the pipes so a chatty server never blocks on a full pipe.
      const keep = (more: Buffer) => {
        output = (output + more.toString('utf8')).slice(-100_000);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      child.removeListener('exit', onEarlyExit);
      resolve({
        child,
        pid: child.pid,
        ready,
        output: () => output,
        async stop(graceMs = 15_000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(killer);
        },
      });
    };
    const onEarlyExit = (code: number | null, signal: string | null) => fail(`exited early (${signal ?? code})`);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onEarlyExit);
    child.once('error', (error) => fail(error.message));
  });
}
