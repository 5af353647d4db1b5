/**
 * Prints the one closing line CI reads, `N passed, N failed, N skipped`, computed from
 * vitest's JSON report (not from its console output, which CI cannot parse).
 */
import { existsSync, readFileSync } from "node:fs";

const reportPath = process.argv[2] ?? ".vitest-report/report.json";

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTestSuites: number;
  numFailedTestSuites: number;
}

if (!existsSync(reportPath)) {
  console.error(`no vitest report at ${reportPath}: the test run did not complete`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const report = JSON.parse(readFileSync(reportPath, "utf8")) as VitestJsonReport;
// A suite that fails to load (import error, failing global setup) has no test results of its
// own; count it as a failure so it cannot vanish from the total.
const failed =
  report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
