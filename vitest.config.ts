import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Longest files first. With two workers, whatever starts last decides when the run ends: on a fresh checkout (no
 * timing cache) Vitest would leave the process and browser suites, the slowest ones, for the end.
 */
const SLOW_FIRST = [
  /test\/integration\/fuzz\./,
  /test\/e2e\/radar\./,
  /test\/process\/cli\./,
  /test\/process\/radar-cli\./,
  /test\/integration\/isolation-matrix\./,
  /test\/process\//,
  /test\/e2e\//,
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOW_FIRST.findIndex((pattern) => pattern.test(file.moduleId));
      return index === -1 ? SLOW_FIRST.length : index;
    };
    // Array.prototype.sort is stable: within a rank, Vitest's own order (its timing cache when it has one) stays.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    pool: 'forks',
    // Two cores: more workers only add contention with the PostgreSQL server they talk to. A worker runs file after
    // file without restarting (isolate: false): each file used to pay 8-20 s to start a process and import the app
    // again. Tests therefore use no vi.mock (a module another file loaded first would stay unmocked): seams instead.
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    sequence: { sequencer: SlowFirstSequencer },
    // Builds dist/ once when the run includes process or browser tests (they start the compiled `cc`).
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's own default (1 s) is a wall-clock bet that a busy machine loses (a page rendering 118 blips).
    expect: { poll: { timeout: 15_000 } },
    // The default report, then one line: `N passed, N failed, N skipped`.
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
