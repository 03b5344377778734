import type { TestProject } from 'vitest/node';
import { ensureCliBuild } from './cli-build.js';
import { ensureEmbeddedTemplate } from './databases.js';

/** Test files that start the real `cc` (test/helpers/process.ts): they need the compiled CLI. */
const STARTS_CC = /[\\/]test[\\/](process|e2e)[\\/]/;

/**
 * Runs once per `vitest run`, before any test file: builds dist/ for the process and browser tests when the run
 * includes any of them and dist is missing or older than src, and the migrated PGlite template their data dirs are
 * copied from (a run of unit or integration files alone pays nothing here).
 */
export default async function setup(project: TestProject): Promise<void> {
  const files = project.vitest.state.getPaths();
  if (files.length > 0 && !files.some((file) => STARTS_CC.test(file))) return;
  const started = Date.now();
  // Their data dirs start as copies of the migrated PGlite template (tempDataDir in test/helpers/process.ts); it is
  // made in this process while tsc runs in its own.
  const [, built] = await Promise.all([
    ensureEmbeddedTemplate(),
    process.env.CC_TEST_CLI === 'tsx' ? false : ensureCliBuild(),
  ]);
  if (built) {
    process.stdout.write(
      `globalSetup: built dist/ for the process tests in ${Math.round((Date.now() - started) / 100) / 10} s\n`,
    );
  }
}
