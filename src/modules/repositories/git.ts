import { execFile, spawn } from 'node:child_process';
import { LOG_FORMAT, LogParser, type ParsedCommit } from './log-parser.js';

/** Longest a single git command may run (a first clone of a large repository is the slow one). */
const GIT_TIMEOUT_MS = 15 * 60_000;
/** Output read from a command other than `git log`, which streams. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const MAX_ERROR_LENGTH = 1000;

/** Which transports a command may use: a local repository is read through `file` only, a URL through https or ssh. */
export type GitTransport = 'file' | 'remote';

/**
 * The whole environment git runs with: nothing inherited but PATH and HOME (ssh reads known_hosts there), no system
 * or user configuration (no credential helpers, aliases or hooks from the host), no prompts, and only the
 * transports the repository's kind needs (never `ext::`, which runs commands).
 */
function gitEnvironment(transport: GitTransport): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    (['PATH', 'HOME'] as const).flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  );
  return {
    ...inherited,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ALLOW_PROTOCOL: transport === 'file' ? 'file' : 'https:ssh',
    GIT_SSH_COMMAND: 'ssh -o BatchMode=yes',
  };
}

/** A git command that failed; the message carries git's own words, with anything that looks like a credential cut. */
export class GitError extends Error {
  constructor(command: string, detail: string) {
    super(`git ${command} failed: ${redact(detail).trim().slice(-MAX_ERROR_LENGTH) || 'no reason given'}`);
    this.name = 'GitError';
  }
}

const redact = (text: string) => text.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@');

export interface GitOptions {
  transport: GitTransport;
  signal?: AbortSignal;
  /** Written to the command's standard input (revisions for `--stdin`). */
  input?: string;
}

const subcommandOf = (args: readonly string[]) => (args[0] === '--git-dir' ? args[2] : args[0]) ?? '';

/** Runs git with an argument array (never a shell) and returns its standard output. */
export function git(args: readonly string[], options: GitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        env: gitEnvironment(options.transport),
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT_BYTES,
        signal: options.signal,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new GitError(subcommandOf(args), stderr || error.message));
      },
    );
    // git may exit before reading all of its input (a failed command): that is its answer, not a crash.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/**
 * `git log` over the revisions given (one a line, `^sha` to leave out what a commit reaches), parsed as it streams and handed over in batches
 * so a long history never sits in memory whole.
 */
export async function* logCommits(
  gitDir: string,
  revisions: readonly string[],
  options: { signal?: AbortSignal; batchSize: number },
): AsyncGenerator<ParsedCommit[]> {
  const child = spawn(
    'git',
    [
      '--git-dir',
      gitDir,
      'log',
      '-z',
      '--numstat',
      '--find-renames',
      '--no-ext-diff',
      '--no-color',
      '--no-show-signature',
      `--format=${LOG_FORMAT}`,
      '--stdin',
    ],
    {
      env: gitEnvironment('file'),
      timeout: GIT_TIMEOUT_MS,
      signal: options.signal,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < MAX_ERROR_LENGTH * 4) stderr += text;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  // Awaited after the output is read; until then a spawn failure must not count as unhandled.
  exited.catch(() => undefined);
  child.stdin.on('error', () => undefined);
  // A caller that stops reading early must not leave git running.
  try {
    child.stdin.end(`${revisions.join('\n')}\n`);
    const parser = new LogParser();
    let batch: ParsedCommit[] = [];
    for await (const chunk of child.stdout) {
      batch.push(...parser.push(chunk as Buffer));
      if (batch.length >= options.batchSize) {
        yield batch;
        batch = [];
      }
    }
    const code = await exited;
    if (code !== 0) throw new GitError('log', stderr || `exit code ${code}`);
    batch.push(...parser.end());
    if (batch.length > 0) yield batch;
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
