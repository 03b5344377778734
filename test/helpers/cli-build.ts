import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The compiled CLI (`dist/src/main.js`, what `npm run build` makes and `npm start` runs) for the process tests:
 * starting it takes about 1.6 s against 2.6 s through tsx, and the process and browser suites start `cc` about 60
 * times. Built once per test run, only when missing or older than its sources.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');
export const CLI_ENTRY = join(DIST, 'src', 'main.js');
const SOURCES = [join(ROOT, 'src'), join(ROOT, 'tsconfig.json'), join(ROOT, 'tsconfig.build.json')];
const LOCK = join(ROOT, '.scratch-dist-lock');
const STALE_LOCK_MS = 5 * 60_000;

/** Newest mtime in a tree, directories included (a deleted or renamed source changes its folder's mtime). */
function newestMtime(path: string, skip: (name: string) => boolean = () => false): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (!skip(entry)) newest = Math.max(newest, newestMtime(join(path, entry), skip));
  }
  return newest;
}

/** True when dist/src holds a build at least as new as every source (by whoever built it: this or `npm run build`). */
export function distIsFresh(): boolean {
  if (!existsSync(CLI_ENTRY)) return false;
  // Unit tests beside the sources are not compiled (tsconfig.build.json leaves them out).
  const sources = Math.max(
    ...SOURCES.filter(existsSync).map((path) => newestMtime(path, (name) => name.endsWith('.test.ts'))),
  );
  return newestMtime(join(DIST, 'src')) >= sources;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** One build at a time across test runs sharing this checkout (mkdir is atomic); a dead run's lock expires. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (existsSync(LOCK) ? statSync(LOCK).mtimeMs : Date.now());
      if (age > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds dist/ when it is missing or stale: `tsc -p tsconfig.build.json` into a scratch folder beside it, then a
 * rename, so a `cc` starting meanwhile (another file, another run) never loads a half-written build. Returns whether
 * it built.
 */
export async function ensureCliBuild(): Promise<boolean> {
  if (distIsFresh()) return false;
  return withLock(async () => {
    if (distIsFresh()) return false; // another run built it while this one waited
    const suffix = `${process.pid}-${Date.now()}`;
    const scratch = join(ROOT, `.scratch-dist-${suffix}`);
    const old = join(ROOT, `.scratch-dist-old-${suffix}`);
    try {
      await promisify(execFile)(
        process.execPath,
        [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', scratch],
        { cwd: ROOT, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
      ).catch((error: { code?: unknown; stdout?: string; message: string }) => {
        // Exit 2: type errors, output written anyway. Type errors are the static checks' findings, not a reason to
        // skip the process tests; anything else (no output) is.
        if (error.code === 2 && existsSync(join(scratch, 'src', 'main.js'))) return;
        throw new Error(`tsc -p tsconfig.build.json failed: ${error.stdout ?? ''}${error.message}`);
      });
      if (existsSync(DIST)) renameSync(DIST, old);
      renameSync(scratch, DIST);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      rmSync(old, { recursive: true, force: true });
    }
    return true;
  });
}
