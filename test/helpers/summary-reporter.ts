import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Prints one last line after Vitest's own summary: `N passed, N failed, N skipped` (tests; todo and not run count as
 * skipped). A file that failed outside its tests (an import error, a failing beforeAll with no test marked failed)
 * and an unhandled error each count as one failure, so the line never says 0 failed when the run failed. The exit code
 * stays Vitest's: a reporter does not set it.
 */
export default class SummaryReporter implements Reporter {
  private summary = '';

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const notes: string[] = [];
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failedHere += 1;
        else skipped += 1;
      }
      if (failedHere === 0 && module.state() === 'failed') {
        failedHere = 1;
        notes.push(`counted as 1 failed: ${module.moduleId} (failed outside its tests)`);
      }
      failed += failedHere;
    }
    if (unhandledErrors.length > 0) notes.push(`counted as failed: ${unhandledErrors.length} unhandled error(s)`);
    failed += unhandledErrors.length;
    this.summary = ['', ...notes, `${passed} passed, ${failed} failed, ${skipped} skipped`, ''].join('\n');
  }

  /** Vitest calls every reporter's onTestRunEnd, then every onFinished, where the default reporter prints its summary. */
  onFinished(): void {
    process.stdout.write(this.summary);
  }
}
