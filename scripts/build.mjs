// `npm run build` and `npm start`: builds only what changed, so a restart serves in seconds (issue #10).
// - The server: skipped when no source, tsconfig or the lockfile changed since the last build (content hashes in
//   dist/.inputs.json); otherwise `tsc --incremental` (its build info lives in dist/ too, so a deleted dist/
//   rebuilds from scratch).
// - The web app: Vite, skipped when no file the last build read has changed. The last build records every module
//   Rollup loaded (web sources and the server files they import, such as src/modules/radar/layout.ts), with the
//   HTML, config, public files and lockfile, as content hashes in dist/.web-inputs.json; content, not mtimes,
//   because a checkout or a copy rewrites mtimes. `--force` rebuilds both.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder, stampIsCurrent, writeStamp } from './build-stamp.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
// Beside the server's stamp, not in web/dist: everything in web/dist is served to anyone.
const webStamp = join(root, 'dist', '.web-inputs.json');
const serverStamp = join(root, 'dist', '.inputs.json');
const force = process.argv.includes('--force');

function step(label, work) {
  const started = performance.now();
  const result = work();
  process.stdout.write(`build: ${label} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  return result;
}

/** What the web build reads besides its modules: the page, the configs, the public files, the installed packages. */
function fixedInputs() {
  return [
    join(web, 'index.html'),
    join(web, 'vite.config.ts'),
    join(web, 'tsconfig.json'),
    join(root, 'package-lock.json'),
    ...filesUnder(join(web, 'public')),
  ].filter((path) => existsSync(path));
}

/** What tsc compiles: the sources tsconfig.build.json includes (tests excluded), its configs and the packages. */
function serverInputs() {
  return [
    ...filesUnder(join(root, 'src')).filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts')),
    join(root, 'tsconfig.json'),
    join(root, 'tsconfig.build.json'),
    join(root, 'package-lock.json'),
  ];
}

/** A Vite plugin that writes the stamp from the modules Rollup actually loaded (inside the project, outside node_modules). */
function recordInputs() {
  return {
    name: 'commandcenter-record-inputs',
    apply: 'build',
    writeBundle() {
      const modules = [...this.getModuleIds()]
        .map((id) => id.split('?')[0])
        .filter((id) => id.startsWith(root) && !id.includes('/node_modules/') && existsSync(id));
      writeStamp(root, webStamp, [...modules, ...fixedInputs()]);
    },
  };
}

const serverFiles = serverInputs();
if (!force && stampIsCurrent(root, serverStamp, serverFiles) && existsSync(join(root, 'dist', 'src', 'main.js'))) {
  process.stdout.write('build: server unchanged since the last build (dist/.inputs.json); tsc skipped\n');
} else {
  if (force) rmSync(join(root, 'dist', '.tsbuildinfo'), { force: true });
  step('server (tsc --incremental)', () =>
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        'tsconfig.build.json',
        '--incremental',
        '--tsBuildInfoFile',
        join('dist', '.tsbuildinfo'),
      ],
      { cwd: root, stdio: 'inherit' },
    ),
  );
  writeStamp(root, serverStamp, serverFiles);
}
step('build info', () =>
  execFileSync(process.execPath, [join(root, 'scripts', 'build-info.mjs')], { stdio: 'inherit' }),
);

if (!force && stampIsCurrent(root, webStamp, fixedInputs()) && existsSync(join(web, 'dist', 'index.html'))) {
  process.stdout.write('build: web app unchanged since the last build (dist/.web-inputs.json); Vite skipped\n');
} else {
  const started = performance.now();
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn', plugins: [recordInputs()] });
  process.stdout.write(`build: web app (vite) (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
