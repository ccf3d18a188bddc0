import type { Reporter, TestModule } from 'vitest/node';

/**
 * Lists every skipped test with its reason after the run (vitest's own summary gives only the
 * count): a test that skips says why, e.g. which server it could not reach.
 */
export default class SkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const testCase of module.children.allTests()) {
        const result = testCase.result();
        if (result.state === 'skipped')
          skipped.push(
            `  ↓ ${module.moduleId.replace(`${process.cwd()}/`, '')} › ${testCase.fullName}${result.note ? `: ${result.note}` : ''}`,
          );
      }
    }
    if (skipped.length > 0) process.stdout.write(`\nSkipped (${skipped.length}):\n${skipped.join('\n')}\n`);
  }
}
