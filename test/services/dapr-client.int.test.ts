import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDaprd, startDaprd } from "../../testbed/dapr/daprd.js";
import {
  httpOutputBindingDocument,
  kafkaPubSubDocument,
  redisStateStoreDocument,
} from "../../constructs/index.js";
import {
  localFileSecretStoreDocument,
  writeDaprResources,
  writeSecretsFile,
} from "../../testbed/dapr/dapr-components.js";
import { freePort } from "../../testbed/process/ports.js";
import { runProcess } from "../../testbed/process/run-process.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { DaprClient, DaprError } from "../../services/runtime/dapr/dapr-client.js";
import { childContext, runInTrace } from "../../services/runtime/trace-context.js";
import { readMessages, testKafka, uniqueTopic } from "../infra/kafka-client.js";
import { RecordingApp } from "../infra/recording-app.js";
import { type InfraContext, requireInfra } from "../infra/require-infra.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The services' adapter over the @dapr/dapr SDK against a real daprd: failures are thrown
 * DaprErrors (never values), the partition key and trace context reach the sidecar, missing
 * state/jobs read as undefined, and an absent sidecar fails fast instead of being awaited.
 */
describe(DaprClient, () => {
  const supervisor = new Supervisor();
  const appId = "dapr-client-test";
  const dir = mkdtempSync(join(tmpdir(), "todo-dapr-client-"));
  let infra: InfraContext;
  let app: RecordingApp;
  let daprd: RunningDaprd;
  let dapr: DaprClient;

  beforeAll(async () => {
    infra = requireInfra("kafka", "redis", "dapr");
    app = await RecordingApp.start({
      "/dapr/subscribe": [],
      "/dapr/config": {},
      "/answer": { answer: 42 },
    });
    const secretsFile = writeSecretsFile(join(dir, "secrets.json"), { "api-key": "s3cret" });
    const resourcesPath = writeDaprResources(join(dir, "resources"), [
      kafkaPubSubDocument({ brokers: infra.kafkaBrokers, tls: false }),
      redisStateStoreDocument({ host: `${infra.redisHost}:${infra.redisPort}`, tls: false }),
      localFileSecretStoreDocument({ secretsFile }),
      httpOutputBindingDocument({ name: "webhook", url: `http://127.0.0.1:${app.port}/hooks` }),
    ]);
    daprd = await startDaprd(supervisor, {
      appId,
      appPort: app.port,
      resourcesPath,
      controlPlane: { ...infra, configFile: infra.daprConfigFile },
      logDir: infra.logDir,
      waitFor: "app",
    });
    dapr = new DaprClient({ host: "127.0.0.1", httpPort: daprd.httpPort });
  });
  afterAll(async () => {
    await supervisor.stopAll();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("publishes a CloudEvent as-is, keyed by the partition key", async () => {
    const topic = uniqueTopic("dapr-client-publish");
    await dapr.publish("pubsub", topic, cloudEvent("evt-1"), { partitionKey: "task-1" });
    const [message] = await readMessages(testKafka(infra.kafkaBrokers), topic, 1);
    expect(message?.key).toBe("task-1");
    expect(JSON.parse(message?.value ?? "{}")).toMatchObject({ id: "evt-1", type: "test.v1" });
  });

  it("fails when the pub/sub component does not exist (never silently)", async () => {
    const error = await dapr.publish("no-such-pubsub", "t", cloudEvent("evt-x")).catch((e) => e);
    expect(error).toBeInstanceOf(DaprError);
    expect((error as DaprError).status).toBeGreaterThanOrEqual(400);
  });

  it("bulk-publishes in order and reports no failed entries", async () => {
    const topic = uniqueTopic("dapr-client-bulk");
    const failed = await dapr.publishBulk("pubsub", topic, [
      { id: "a", event: cloudEvent("evt-a"), partitionKey: "task-2" },
      { id: "b", event: cloudEvent("evt-b"), partitionKey: "task-2" },
    ]);
    expect([...failed]).toEqual([]);
    const messages = await readMessages(testKafka(infra.kafkaBrokers), topic, 2);
    expect(messages.map((m) => JSON.parse(m.value ?? "{}").id)).toEqual(["evt-a", "evt-b"]);
    expect(messages.map((m) => m.key)).toEqual(["task-2", "task-2"]);
  });

  it("throws when a bulk publish cannot be taken at all", async () => {
    const entries = [{ id: "a", event: cloudEvent("evt-z"), partitionKey: "k" }];
    await expect(dapr.publishBulk("no-such-pubsub", "t", entries)).rejects.toBeInstanceOf(
      DaprError,
    );
  });

  it("saves, reads and deletes state; a missing key reads as undefined", async () => {
    const key = `a/b c-${Date.now()}`;
    expect(await dapr.getState("statestore", key)).toBeUndefined();
    await dapr.saveState("statestore", key, { done: true, title: "x" });
    expect(await dapr.getState("statestore", key)).toEqual({ done: true, title: "x" });
    await dapr.deleteState("statestore", key);
    expect(await dapr.getState("statestore", key)).toBeUndefined();
  });

  it("fails to save state into a store that does not exist", async () => {
    await expect(dapr.saveState("no-such-store", "k", 1)).rejects.toBeInstanceOf(DaprError);
  });

  it("reads a secret, and fails for one that does not exist", async () => {
    expect(await dapr.getSecret("secretstore", "api-key")).toBe("s3cret");
    await expect(dapr.getSecret("secretstore", "missing")).rejects.toBeInstanceOf(DaprError);
  });

  it("invokes an app and passes the current trace context to the sidecar", async () => {
    const trace = childContext(undefined);
    const answer = await runInTrace(trace, () =>
      dapr.invoke<{ answer: number }>(appId, "answer", "POST", { question: "?" }),
    );
    expect(answer).toEqual({ answer: 42 });
    const received = await app.waitFor((r) => r.path === "/answer");
    expect(JSON.parse(received.body)).toEqual({ question: "?" });
    expect(String(received.headers.traceparent)).toContain(trace.traceId);
  });

  it("sends output binding requests", async () => {
    await dapr.invokeBinding("webhook", "post", { hello: "hook" }, { path: "/client" });
    const hook = await app.waitFor((r) => r.path === "/hooks/client");
    expect(JSON.parse(hook.body)).toEqual({ hello: "hook" });
  });

  it("schedules, reads and deletes a job; a missing job reads as undefined", async () => {
    const name = `client-job-${Date.now()}`;
    expect(await dapr.getJob(name)).toBeUndefined();
    await dapr.deleteJob(name);
    await dapr.scheduleJob(name, { dueTime: "1h", data: { task_id: "t-1" } });
    expect(await dapr.getJob(name)).toMatchObject({ name });
    await dapr.deleteJob(name);
    expect(await dapr.getJob(name)).toBeUndefined();
  });

  it("reports a running sidecar as healthy", async () => {
    expect(await dapr.isHealthy()).toBe(true);
  });

  it("fails fast when no sidecar listens (no start-up wait)", async () => {
    const absent = new DaprClient({ host: "127.0.0.1", httpPort: await freePort() });
    const started = Date.now();
    const error = await absent.getState("statestore", "k").catch((e) => e);
    expect(error).toBeInstanceOf(DaprError);
    expect((error as DaprError).status).toBe(0);
    expect(await absent.isHealthy()).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("does not keep the process alive after its calls", async () => {
    const script = [
      `import { DaprClient } from "./services/runtime/dapr/dapr-client.ts";`,
      `const dapr = new DaprClient({ host: "127.0.0.1", httpPort: ${daprd.httpPort} });`,
      `await dapr.saveState("statestore", "exit-check", 1);`,
      `if (!(await dapr.isHealthy())) process.exit(3);`,
    ].join("\n");
    // Rejects when the process is still alive after 20 s.
    const { code, stderr } = await runProcess(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: ROOT, timeoutMs: 20_000 },
    );
    expect(code, stderr).toBe(0);
  });
});

function cloudEvent(id: string): object {
  return {
    specversion: "1.0",
    id,
    source: "dapr-client-test",
    type: "test.v1",
    datacontenttype: "application/json",
    data: { id },
  };
}
