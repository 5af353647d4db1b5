/**
 * `npm run bench`: every benchmark of the repository, one after the other so they do not
 * compete for the CPU. Each prints its figures as ratios against a baseline measured in the
 * same run; this runner only sequences them and fails when one of them fails to run.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const benches = ["synth.ts", "events.ts", "deploy.ts", "recurrence.ts", "faults.ts"];

let failed = 0;
for (const bench of benches) {
  process.stdout.write(`\n=== ${bench} ===\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(here, bench)], {
    stdio: "inherit",
  });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`${bench} exited with ${result.status ?? result.signal}\n`);
  }
}
process.exit(failed ? 1 : 0);
