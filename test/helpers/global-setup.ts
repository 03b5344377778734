import type { TestProject } from 'vitest/node';
import { ensureCliBuild } from './cli-build.js';
import { ensureEmbeddedTemplate } from './databases.js';

/** Test files that start the real `cc` (test/helpers/process.ts): they need the compiled CLI. */
const STARTS_CC = /[\\/]test[\\/](process|e2e)[\\/]/;
/** The browser suites: they also need web/dist, and share one Chromium and one server (test/e2e/shared.ts). */
const BROWSER = /[\\/]test[\\/]e2e[\\/]/;

/**
 * Runs once per `vitest run`, before any test file: builds dist/ for the process and browser tests when the run
 * includes any of them and dist is missing or older than src, and the migrated PGlite template their data dirs are
 * copied from (a run of unit or integration files alone pays nothing here). With browser suites in the run it also
 * builds web/dist when stale and starts the Chromium and the `cc serve` they share; the returned teardown stops them.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const files = project.vitest.state.getPaths();
  if (files.length > 0 && !files.some((file) => STARTS_CC.test(file))) return undefined;
  const browserSuites = files.length === 0 || files.some((file) => BROWSER.test(file));
  const started = Date.now();
  // Loaded only for a run with browser suites (playwright-core is a large import).
  const e2e = browserSuites ? await import('../e2e/shared-setup.js') : undefined;
  // Their data dirs start as copies of the migrated PGlite template (tempDataDir in test/helpers/process.ts); it is
  // made in this process while tsc (and vite) run in their own.
  const [, built] = await Promise.all([
    ensureEmbeddedTemplate(),
    process.env.CC_TEST_CLI === 'tsx' ? false : ensureCliBuild(),
    e2e?.ensureWebBuild(),
  ]);
  if (built) {
    process.stdout.write(
      `globalSetup: built dist/ for the process tests in ${Math.round((Date.now() - started) / 100) / 10} s\n`,
    );
  }
  return e2e?.startSharedE2e(project);
}
