import type { TestProject } from 'vitest/node';
import { ensureCliBuild } from './cli-build.js';

/** Test files that start the real `cc` (test/helpers/process.ts): they need the compiled CLI. */
const STARTS_CC = /[\\/]test[\\/](process|e2e)[\\/]/;

/**
 * Runs once per `vitest run`, before any test file: builds dist/ for the process and browser tests when the run
 * includes any of them and dist is missing or older than src (a run of unit or integration files alone pays nothing).
 */
export default async function setup(project: TestProject): Promise<void> {
  if (process.env.CC_TEST_CLI === 'tsx') return;
  const files = project.vitest.state.getPaths();
  if (files.length > 0 && !files.some((file) => STARTS_CC.test(file))) return;
  const started = Date.now();
  if (await ensureCliBuild()) {
    process.stdout.write(
      `globalSetup: built dist/ for the process tests in ${Math.round((Date.now() - started) / 100) / 10} s\n`,
    );
  }
}
