// Records the commit being built in dist/build-info.json, so a deployed build (without .git) reports it on /health.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, stdio: 'pipe' }).toString().trim();
} catch {
  // Not a git checkout (a source archive): the build says so rather than guess.
}
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(
  join(root, 'dist', 'build-info.json'),
  `${JSON.stringify({ commit, builtAt: new Date().toISOString() })}\n`,
);
