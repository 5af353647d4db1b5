import { defineConfig } from "vitest/config";

/**
 * Two projects: `unit` needs nothing but Node; `integration` (files named *.int.test.ts)
 * runs against the real Kafka, Postgres, Redis, Dapr and Terraform toolchain that
 * test/global-setup.ts bootstraps and starts, one file at a time (the fault suite, test/faults,
 * kills processes and must not share the machine with another suite).
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
          exclude: ["**/*.int.test.ts", "node_modules/**", "cdktf.out/**", "**/dist/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", "cdktf.out/**", "**/dist/**"],
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
