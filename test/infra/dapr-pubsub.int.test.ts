import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAPR_VERSION } from "../../testbed/dapr/dapr-build.js";
import { type RunningDaprd, startDaprd } from "../../testbed/dapr/daprd.js";
import { kafkaPubSubDocument } from "../../constructs/index.js";
import { writeDaprResources } from "../../testbed/dapr/dapr-components.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { readMessages, testKafka, uniqueTopic } from "./kafka-client.js";
import { requireInfra } from "./require-infra.js";

interface CloudEvent {
  specversion: string;
  id: string;
  type: string;
  source: string;
  topic: string;
  pubsubname: string;
  datacontenttype: string;
  data: unknown;
}

describe("Dapr pub/sub (real daprd, pubsub.kafka, real topic)", () => {
  const supervisor = new Supervisor();
  const appId = "infra-publisher";
  let daprd: RunningDaprd;
  let brokers: string;
  const resourcesDir = mkdtempSync(join(tmpdir(), "todo-dapr-resources-"));

  beforeAll(async () => {
    const infra = requireInfra("kafka", "dapr");
    brokers = infra.kafkaBrokers;
    const resourcesPath = writeDaprResources(resourcesDir, [
      kafkaPubSubDocument({ brokers, tls: false }),
    ]);
    daprd = await startDaprd(supervisor, {
      appId,
      resourcesPath,
      controlPlane: { ...infra, configFile: infra.daprConfigFile },
      logDir: infra.logDir,
    });
  });
  afterAll(async () => {
    await supervisor.stopAll();
    rmSync(resourcesDir, { recursive: true, force: true });
  });

  it(`runs daprd ${DAPR_VERSION} with the Kafka pub/sub component loaded`, async () => {
    const metadata = (await (await fetch(`${daprd.httpUrl}/v1.0/metadata`)).json()) as {
      runtimeVersion: string;
      components: { name: string; type: string }[];
    };
    expect(metadata.runtimeVersion).toBe(DAPR_VERSION);
    expect(metadata.components).toContainEqual(
      expect.objectContaining({ name: "pubsub", type: "pubsub.kafka" }),
    );
  });

  it("logs JSON lines, like the services and daprd on Kubernetes", async () => {
    const lines = readFileSync(daprd.logFile, "utf8")
      .split("\n")
      .filter((line) => line && !line.startsWith("--- ")); // the supervisor's start banner
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(JSON.parse(lines[0]!)).toMatchObject({ app_id: appId, ver: DAPR_VERSION });
  });

  it("wraps published JSON in a CloudEvent on the Kafka topic, keyed by the partition key", async () => {
    const topic = uniqueTopic("infra-dapr-publish");
    const data = { task_id: "task-7", title: "water the plants", tags: ["home"] };
    const response = await fetch(
      `${daprd.httpUrl}/v1.0/publish/pubsub/${topic}?metadata.partitionKey=task-7`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(data),
      },
    );
    expect(response.status, await response.text()).toBe(204);

    const [message] = await readMessages(testKafka(brokers), topic, 1);
    expect(message?.key).toBe("task-7");
    const event = JSON.parse(message!.value!) as CloudEvent;
    expect(event).toMatchObject({
      specversion: "1.0",
      type: "com.dapr.event.sent",
      source: appId,
      topic,
      pubsubname: "pubsub",
      datacontenttype: "application/json",
      data,
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("passes an application CloudEvent through with its own id and versioned type", async () => {
    const topic = uniqueTopic("infra-dapr-cloudevent");
    const envelope = {
      specversion: "1.0",
      id: "evt-123",
      type: "com.todo.task.completed.v1",
      source: "task-api",
      datacontenttype: "application/json",
      data: { event_id: "evt-123", task_id: "task-9", sequence: 3 },
    };
    const response = await fetch(`${daprd.httpUrl}/v1.0/publish/pubsub/${topic}`, {
      method: "POST",
      headers: { "content-type": "application/cloudevents+json" },
      body: JSON.stringify(envelope),
    });
    expect(response.status, await response.text()).toBe(204);

    const [message] = await readMessages(testKafka(brokers), topic, 1);
    expect(JSON.parse(message!.value!)).toMatchObject({ ...envelope, topic, pubsubname: "pubsub" });
  });
});
