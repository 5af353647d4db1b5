import { defineConfig } from "vitest/config";

/** `npm run test:faults`: the fault suite (test/faults) against the real components. */
export default defineConfig({
  test: {
    include: ["test/faults/**/*.int.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
