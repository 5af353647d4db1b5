/**
 * `npm test`: the whole suite as two vitest processes side by side, then one report.
 *
 * The `system` project runs its files one at a time on the shared Kafka, Postgres, Redis and
 * Dapr control plane, and mostly waits on them; `unit` and `toolchain` (Terraform, clusters,
 * checkov) mostly compute. vitest gives one worker limit to all projects of a run, so the two
 * lanes are two processes (measured: 878 s for both lanes against 1,250 s one after another). Each
 * writes a blob report; `vitest --merge-reports` turns them into the one summary and the JSON
 * report (.vitest-report/report.json) CI reads. Arguments are passed to both lanes
 * (`npm test -- test/services` runs the matching files of each).
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { provisionComponents } from "../../test/bootstrap-setup.js";

const LANES: Record<string, readonly string[]> = {
  system: ["system"],
  toolchain: ["unit", "toolchain"],
};
const REPORT_DIR = ".vitest-report";
const BLOB_DIR = join(REPORT_DIR, "blobs");
const VITEST = join("node_modules", ".bin", "vitest");

/** Runs vitest, each output line prefixed with the lane's name; resolves to its exit code. */
function vitest(args: string[], lane?: string): Promise<number> {
  const child = spawn(VITEST, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
  for (const [stream, sink] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    const lines = createInterface({ input: stream });
    lines.on("line", (line) => sink.write(lane ? `[${lane}] ${line}\n` : `${line}\n`));
  }
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const passThrough = process.argv.slice(2);
rmSync(REPORT_DIR, { recursive: true, force: true });

// Once here, so the two lanes never build the same component side by side (each lane's own
// setup then only finds it in the cache).
await provisionComponents();

const laneCodes = await Promise.all(
  Object.entries(LANES).map(([lane, projects]) =>
    vitest(
      [
        "run",
        ...projects.flatMap((p) => ["--project", p]),
        "--passWithNoTests",
        "--reporter=default",
        "--reporter=blob",
        `--outputFile.blob=${join(BLOB_DIR, `${lane}.json`)}`,
        ...passThrough,
      ],
      lane,
    ),
  ),
);

const mergeCode = await vitest([
  "run",
  `--merge-reports=${BLOB_DIR}`,
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${join(REPORT_DIR, "report.json")}`,
]);
process.exitCode = Math.max(mergeCode, ...laneCodes);
