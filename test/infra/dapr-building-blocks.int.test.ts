import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDaprd, startDaprd } from "../../testbed/dapr/daprd.js";
import {
  cronBindingDocument,
  httpOutputBindingDocument,
  kafkaPubSubDocument,
  redisStateStoreDocument,
} from "../../constructs/index.js";
import {
  localFileSecretStoreDocument,
  postgresStateStoreDocument,
  writeDaprResources,
  writeSecretsFile,
} from "../../testbed/dapr/dapr-components.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { RecordingApp } from "./recording-app.js";
import { type InfraContext, requireInfra } from "./require-infra.js";

/**
 * Every component the services rely on, loaded into real daprd sidecars of the build, each
 * proven against the real backend: Redis and Postgres state (read back from the stores
 * themselves), the local-file secret store, a cron input binding, an HTTP output binding,
 * the Jobs API through the scheduler, and service invocation between two sidecars through
 * the shared SQLite name resolution.
 */
describe("Dapr building blocks (real daprd + placement + scheduler)", () => {
  const supervisor = new Supervisor();
  const appId = "infra-blocks";
  let infra: InfraContext;
  let app: RecordingApp;
  let daprd: RunningDaprd;
  let caller: RunningDaprd;
  const jwtSecret = `jwt-${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), "todo-dapr-blocks-"));

  beforeAll(async () => {
    infra = requireInfra("kafka", "postgres", "redis", "dapr");
    app = await RecordingApp.start({ "/dapr/subscribe": [], "/dapr/config": {} });
    const secretsFile = writeSecretsFile(join(dir, "secrets.json"), {
      "postgres-url": infra.postgresUrl,
      "jwt-secret": jwtSecret,
    });
    const resourcesPath = writeDaprResources(join(dir, "resources"), [
      kafkaPubSubDocument({ brokers: infra.kafkaBrokers, tls: false }),
      redisStateStoreDocument({ host: `${infra.redisHost}:${infra.redisPort}`, tls: false }),
      postgresStateStoreDocument({
        name: "pgstate",
        connectionString: { secretKeyRef: { name: "postgres-url", key: "postgres-url" } },
        secretStore: "secretstore",
        tablePrefix: "infra_blocks_",
      }),
      localFileSecretStoreDocument({ secretsFile }),
      cronBindingDocument({ name: "tick", schedule: "@every 1s" }),
      httpOutputBindingDocument({ name: "webhook", url: `http://127.0.0.1:${app.port}/hooks` }),
    ]);
    const controlPlane = { ...infra, configFile: infra.daprConfigFile };
    [daprd, caller] = await Promise.all([
      startDaprd(supervisor, {
        appId,
        appPort: app.port,
        resourcesPath,
        controlPlane,
        logDir: infra.logDir,
        waitFor: "app",
      }),
      startDaprd(supervisor, {
        appId: "infra-caller",
        resourcesPath: writeDaprResources(join(dir, "caller-resources"), []),
        controlPlane,
        logDir: infra.logDir,
      }),
    ]);
  });
  afterAll(async () => {
    await supervisor.stopAll();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads every component type the services use", async () => {
    const metadata = (await (await fetch(`${daprd.httpUrl}/v1.0/metadata`)).json()) as {
      components: { name: string; type: string; version: string }[];
    };
    const loaded = metadata.components.map((c) => `${c.name}=${c.type}/${c.version}`).sort();
    expect(loaded).toEqual([
      "pgstate=state.postgresql/v2",
      "pubsub=pubsub.kafka/v1",
      "secretstore=secretstores.local.file/v1",
      "statestore=state.redis/v1",
      "tick=bindings.cron/v1",
      "webhook=bindings.http/v1",
    ]);
  });

  it("stores state in the real Redis", async () => {
    await saveState("statestore", "redis-key", { done: false });
    expect(await getState("statestore", "redis-key")).toEqual({ done: false });
    const redis = createClient({ url: infra.redisUrl });
    await redis.connect();
    try {
      expect(JSON.parse((await redis.hGet(`${appId}||redis-key`, "data")) ?? "null")).toEqual({
        done: false,
      });
    } finally {
      await redis.close();
    }
  });

  it("stores state in the real Postgres (connection string from the secret store)", async () => {
    await saveState("pgstate", "pg-key", { title: "from dapr" });
    expect(await getState("pgstate", "pg-key")).toEqual({ title: "from dapr" });
    const client = new pg.Client({ connectionString: infra.postgresUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string }>(
        "select key from infra_blocks_state where key = $1",
        [`${appId}||pg-key`],
      );
      expect(rows).toHaveLength(1);
    } finally {
      await client.end();
    }
  });

  it("reads secrets from the local file secret store", async () => {
    const response = await fetch(`${daprd.httpUrl}/v1.0/secrets/secretstore/jwt-secret`);
    expect(await response.json()).toEqual({ "jwt-secret": jwtSecret });
  });

  it("delivers cron input binding ticks to the app", async () => {
    const tick = await app.waitFor((r) => r.method === "POST" && r.path === "/tick");
    expect(tick.method).toBe("POST");
  });

  it("sends HTTP output binding requests", async () => {
    const response = await fetch(`${daprd.httpUrl}/v1.0/bindings/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        operation: "post",
        data: { hello: "hook" },
        metadata: { path: "/reminder" },
      }),
    });
    expect(response.status, await response.text()).toBeLessThan(300);
    const hook = await app.waitFor((r) => r.path === "/hooks/reminder");
    expect(JSON.parse(hook.body)).toEqual({ hello: "hook" });
  });

  it("triggers a scheduled job through the scheduler (Jobs API)", async () => {
    const response = await fetch(`${daprd.httpUrl}/v1.0/jobs/remind-task-1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ dueTime: "1s", data: { task_id: "task-1" } }),
    });
    expect(response.status, await response.text()).toBeLessThan(300);
    const job = await app.waitFor((r) => r.path === "/job/remind-task-1");
    expect(JSON.parse(job.body)).toMatchObject({ task_id: "task-1" });
  });

  it("invokes the app from another sidecar via name resolution", async () => {
    const response = await fetch(`${caller.httpUrl}/v1.0/invoke/${appId}/method/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ping: 1 }),
    });
    expect(response.status, await response.text()).toBe(200);
    const invoked = await app.waitFor((r) => r.path === "/echo");
    expect(JSON.parse(invoked.body)).toEqual({ ping: 1 });
  });

  async function saveState(store: string, key: string, value: unknown): Promise<void> {
    const response = await fetch(`${daprd.httpUrl}/v1.0/state/${store}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ key, value }]),
    });
    expect(response.status, await response.text()).toBe(204);
  }

  async function getState(store: string, key: string): Promise<unknown> {
    const response = await fetch(`${daprd.httpUrl}/v1.0/state/${store}/${key}`);
    expect(response.status).toBe(200);
    return response.json();
  }
});
