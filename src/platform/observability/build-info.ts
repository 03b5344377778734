import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuildInfo {
  /** The package version (package.json). */
  version: string;
  /** The git commit the running code was built from, or "unknown" outside a checkout without a recorded build. */
  commit: string;
}

/** The repository root: two levels above src/platform/observability, three above dist/src/platform/observability. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

function commitOf(root: string): string {
  // `npm run build` records the commit beside the compiled code; a source checkout asks git.
  const recorded = join(root, 'dist', 'build-info.json');
  if (existsSync(recorded)) {
    const parsed = JSON.parse(readFileSync(recorded, 'utf8')) as { commit?: unknown };
    if (typeof parsed.commit === 'string') return parsed.commit;
  }
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, timeout: 2000, stdio: 'pipe' })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

let cached: BuildInfo | undefined;

/** Read once per process: what /health reports and `cc --version` prints. */
export function buildInfo(): BuildInfo {
  if (cached === undefined) {
    const root = findRoot();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    cached = { version: pkg.version, commit: commitOf(root) };
  }
  return cached;
}
