import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

/** Folders that never hold this repository's tests. */
const NOT_SOURCE = new Set(["node_modules", "cdktf.out", "dist", ".git", ".vitest-report"]);

function integrationTestFiles(dir = "."): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return NOT_SOURCE.has(entry.name) ? [] : integrationTestFiles(path);
    return entry.name.endsWith(".int.test.ts") ? [path] : [];
  });
}

/**
 * Integration files that run on the shared Kafka, Postgres, Redis and Dapr control plane:
 * those that ask for it (`requireInfra`, test/infra/require-infra.ts). Derived, so a new file
 * lands in the right project by what it uses.
 */
const systemFiles = integrationTestFiles().filter((file) =>
  readFileSync(file, "utf8").includes("requireInfra("),
);

const NOT_HERE = ["node_modules/**", "cdktf.out/**", "**/dist/**"];

/**
 * Three projects:
 * - `unit` needs nothing but Node;
 * - `toolchain`: integration files (*.int.test.ts) with resources of their own (Terraform and
 *   the providers, a fresh Kubernetes control plane, checkov, npm, python-dateutil);
 * - `system`: integration files on the one shared Kafka, Postgres, Redis and Dapr control plane
 *   that test/global-setup.ts starts; one file at a time, since services of two files would
 *   share topics, consumer groups and app ids (the fault suite also kills those processes).
 * `npm test` (scripts/test/run.ts) runs `system` beside `unit` + `toolchain`, in two vitest
 * processes, and merges their reports; `npx vitest run` runs them one after another.
 */
export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".vitest-report/report.json" }]],
    projects: [
      {
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          // Synthesizing every environment takes seconds, more on a busy 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          exclude: ["**/*.int.test.ts", ...NOT_HERE],
        },
      },
      {
        test: {
          name: "toolchain",
          include: ["**/*.int.test.ts"],
          exclude: [...systemFiles, ...NOT_HERE],
          globalSetup: ["test/bootstrap-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "system",
          include: systemFiles,
          exclude: NOT_HERE,
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
