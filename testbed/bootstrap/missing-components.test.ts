import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BootstrapError } from "./build-step.js";
import { ensureDapr } from "../dapr/dapr-build.js";
import { ensureKafka } from "../data-services/kafka.js";
import { ensurePostgres } from "../data-services/postgres.js";
import { ensureRedis } from "../data-services/redis.js";
import { requireInfra } from "../../test/infra/require-infra.js";

/**
 * A machine without a toolchain or Debian package must get a failure that names the
 * missing piece and the command that installs it, never a skip or a silent fallback.
 */
describe("missing infrastructure", () => {
  const saved = { ...process.env };
  let emptyDir: string;

  beforeEach(() => {
    emptyDir = mkdtempSync(join(tmpdir(), "todo-missing-"));
    // An empty cache, so nothing is found already built.
    process.env.TODO_PLATFORM_CACHE = join(emptyDir, "cache");
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(emptyDir, { recursive: true, force: true });
  });

  it("Kafka without a JDK names the package to install", async () => {
    process.env.PATH = emptyDir;
    const failure = ensureKafka();
    await expect(failure).rejects.toThrow(BootstrapError);
    await expect(failure).rejects.toThrow(/'java' is required; install it with: apt-get install/);
  });

  it("Dapr without Go says how to get the toolchain", async () => {
    process.env.PATH = emptyDir;
    await expect(ensureDapr()).rejects.toThrow(
      /the Go toolchain is needed to build dapr; install Go/,
    );
  });

  it("Postgres without server binaries names the Debian package", async () => {
    process.env.TODO_POSTGRES_BIN = emptyDir;
    await expect(ensurePostgres()).rejects.toThrow(/apt-get install -y postgresql/);
  });

  it("Redis without redis-server names the Debian package", async () => {
    process.env.TODO_REDIS_SERVER = join(emptyDir, "redis-server");
    await expect(ensureRedis()).rejects.toThrow(/apt-get install -y redis-server/);
  });

  it("an integration test run without the global setup fails with the bootstrap command", () => {
    expect(() => requireInfra("kafka")).toThrow(/npm run infra:bootstrap/);
  });
});
