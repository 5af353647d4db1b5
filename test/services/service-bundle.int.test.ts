import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../testbed/process/ports.js";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs, TEST_JWT_SECRET } from "./support/api-client.js";
import { TEST_APP_API_TOKEN } from "./support/task-api-harness.js";
import { pollUntil } from "./support/poll.js";
import { createTestDatabase } from "./support/test-database.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * What the container image runs: the esbuild bundle of services/build.ts, started with plain
 * `node` from a folder with no node_modules (as in the image's runtime stage).
 */
describe("service bundles (container image contents)", () => {
  let outDir: string;
  let child: ChildProcess | undefined;
  let dropDb: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "todo-bundles-"));
    await new Promise<void>((resolve, reject) => {
      const build = spawn(process.execPath, ["--import", "tsx", "services/build.ts", outDir], {
        cwd: ROOT,
        stdio: "inherit",
      });
      build.on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`services/build.ts exited with ${code}`)),
      );
    });
  }, 120_000);

  afterAll(async () => {
    child?.kill("SIGTERM");
    await dropDb?.();
  });

  it("builds one self-contained bundle per service with its migrations", () => {
    for (const service of ["task-api", "recurrence", "notification", "audit", "realtime"]) {
      expect(existsSync(join(outDir, service, "main.mjs")), service).toBe(true);
    }
    expect(existsSync(join(outDir, "task-api", "migrations"))).toBe(true);
    expect(existsSync(join(outDir, "node_modules"))).toBe(false);
  });

  it("runs task-api from the bundle with plain node: migrates, serves, shuts down on SIGTERM", async () => {
    const infra = requireInfra("postgres");
    const db = await createTestDatabase(infra.postgresUrl, "bundle");
    dropDb = db.drop;
    const port = await freePort();
    const proc = spawn(process.execPath, ["main.mjs"], {
      cwd: join(outDir, "task-api"),
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: db.url,
        AUTH_HS256_SECRET: TEST_JWT_SECRET,
        APP_API_TOKEN: TEST_APP_API_TOKEN,
        DAPR_HTTP_PORT: String(await freePort()),
        LOG_LEVEL: "warn",
      },
      stdio: "ignore",
    });
    child = proc;
    const exited = new Promise<number | null>((resolve) =>
      proc.on("exit", (code) => resolve(code)),
    );
    const url = `http://127.0.0.1:${port}`;
    await pollUntil("the bundled task-api", async () => (await fetch(`${url}/healthz`)).ok, 30_000);
    const api = await apiAs(url, "olga");
    const created = await api.post("/api/olga/tasks", {
      title: "from the bundle",
      priority: "low",
    });
    expect(created.status).toBe(201);
    expect((await api.get(`/api/olga/tasks/${created.body.id}`)).body.title).toBe(
      "from the bundle",
    );
    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    child = undefined;
  });
});
