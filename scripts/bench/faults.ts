/**
 * `npm run bench:faults`: recovery after each kind of kill -9. The whole system runs under a
 * restarting supervisor; for each fault a burst of tasks starts, a third of the way in the
 * process is killed, and the time until it is healthy again (restart) and until every effect
 * of the burst is there (recovered) is measured. The baseline is the same burst without a
 * kill, measured from the same point: "recovered" of a fault is reported as a ratio to it.
 */
import {
  FAULTS,
  NO_FAULT,
  startFaultSystem,
  type FaultReport,
} from "../../testbed/faults/fault-system.js";
import { formatFaultReports } from "../../testbed/faults/report.js";

const tasks = Number(process.env.TODO_FAULT_TASKS ?? 1000);
const say = (line: string) => process.stdout.write(`${line}\n`);

say(`fault recovery, bursts of ${tasks} tasks (kill -9 a third of the way in)`);
const system = await startFaultSystem({ tasks });
let failed = false;
try {
  const reports: FaultReport[] = [];
  for (const fault of [NO_FAULT, ...FAULTS]) {
    const deadline = Date.now() + 120_000;
    while (!(await system.allHealthy().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`not every process is up before '${fault}'`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const report = await system.inject(fault);
    reports.push(report);
    say(formatFaultReports([report]).split("\n")[1]!);
    if (report.lost || report.duplicated || report.deadLettered) failed = true;
  }
  const baseline = reports[0]!.recoveryMs;
  say("");
  say(formatFaultReports(reports));
  say("");
  say(
    `baseline (no kill): every effect there ${(baseline / 1000).toFixed(1)} s after the same point`,
  );
  for (const r of reports.slice(1))
    say(
      `${r.fault.padEnd(15)} recovered in ${(r.recoveryMs / baseline).toFixed(2)}x the baseline time`,
    );
} finally {
  await system.stop();
}
process.exit(failed ? 1 : 0);
