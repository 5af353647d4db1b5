import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daprSubscriptionDocument, kafkaPubSubDocument } from "../../constructs/index.js";
import { type RunningDaprd, startDaprd } from "../../testbed/dapr/daprd.js";
import { writeDaprResources } from "../../testbed/dapr/dapr-components.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { uniqueTopic } from "./kafka-client.js";
import { RecordingApp } from "./recording-app.js";
import { requireInfra } from "./require-infra.js";

/**
 * Why the Todo app declares each subscription once, in the service (`GET /dapr/subscribe`):
 * with a declarative Subscription to the same topic as well (what TodoApp used to emit on
 * Kubernetes), daprd 1.18 uses the app's own and ignores the resource.
 */
describe("Dapr subscriptions, declarative and programmatic to one topic (real daprd)", () => {
  const supervisor = new Supervisor();
  const appId = "infra-subscriber";
  const topic = uniqueTopic("infra-dapr-subscriptions");
  /** Declared only as a resource: shows daprd does load the declarative files. */
  const declaredOnly = uniqueTopic("infra-dapr-declared");
  const dir = mkdtempSync(join(tmpdir(), "todo-dapr-subscriptions-"));
  let app: RecordingApp;
  let daprd: RunningDaprd;

  beforeAll(async () => {
    const infra = requireInfra("kafka", "dapr");
    app = await RecordingApp.start({
      "/dapr/subscribe": [
        {
          pubsubname: "pubsub",
          topic,
          route: "/programmatic",
          deadLetterTopic: `${topic}.dlt`,
          bulkSubscribe: { enabled: true, maxMessagesCount: 10, maxAwaitDurationMs: 20 },
        },
      ],
      "/dapr/config": {},
      "/programmatic": { statuses: [] },
    });
    const resourcesPath = writeDaprResources(join(dir, "resources"), [
      kafkaPubSubDocument({ brokers: infra.kafkaBrokers, tls: false }),
      daprSubscriptionDocument({ topic, pubsubName: "pubsub", app: appId, route: "/declarative" }),
      daprSubscriptionDocument({ topic: declaredOnly, pubsubName: "pubsub", app: appId }),
    ]);
    daprd = await startDaprd(supervisor, {
      appId,
      appPort: app.port,
      resourcesPath,
      controlPlane: { ...infra, configFile: infra.daprConfigFile },
      logDir: infra.logDir,
      waitFor: "app",
    });
  });
  afterAll(async () => {
    await supervisor.stopAll();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps only the app's subscription where both name one topic", async () => {
    const metadata = (await (await fetch(`${daprd.httpUrl}/v1.0/metadata`)).json()) as {
      subscriptions: { topic: string; type: string; rules: { path: string }[] }[];
    };
    const of = (t: string) => metadata.subscriptions.filter((s) => s.topic === t);
    expect(of(declaredOnly)).toEqual([expect.objectContaining({ type: "DECLARATIVE" })]);
    const ours = of(topic);
    expect(ours).toEqual([
      expect.objectContaining({
        type: "PROGRAMMATIC",
        rules: [{ path: "/programmatic" }],
      }),
    ]);
  });

  it("delivers in batches to the app's route, never to the declared one", async () => {
    const response = await fetch(`${daprd.httpUrl}/v1.0/publish/pubsub/${topic}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ n: 1 }),
    });
    expect(response.status, await response.text()).toBe(204);
    const delivery = await app.waitFor((r) => r.method === "POST" && r.path === "/programmatic");
    expect(JSON.parse(delivery.body)).toHaveProperty("entries");
    expect(app.requests.filter((r) => r.path === "/declarative")).toEqual([]);
  });
});
