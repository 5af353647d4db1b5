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
  testResults: { status: string; assertionResults: { status: string }[] }[];
}

if (!existsSync(reportPath)) {
  console.error(`no vitest report at ${reportPath}: the test run did not complete`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const report = JSON.parse(readFileSync(reportPath, "utf8")) as VitestJsonReport;
// A file whose setup failed (import error, failing beforeAll) reports its tests as skipped:
// they did not run because something they need is missing, so they count as failed. A file
// that failed before declaring any test counts as one failure, so it cannot vanish either.
let notRun = 0;
for (const file of report.testResults.filter((f) => f.status === "failed")) {
  const skipped = file.assertionResults.filter(
    (a) => a.status !== "passed" && a.status !== "failed",
  );
  notRun += file.assertionResults.length === 0 ? 1 : skipped.length;
}
const failed = report.numFailedTests + notRun;
const skipped = Math.max(0, report.numPendingTests + report.numTodoTests - notRun);
console.log(`${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
