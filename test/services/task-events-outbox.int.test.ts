import type { Kafka } from "kafkajs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTopics } from "../../testbed/local/kafka-topics.js";
import { testKafka } from "../infra/kafka-client.js";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs } from "./support/api-client.js";
import { pollUntil } from "./support/poll.js";
import { startTestSystem } from "./support/system-harness.js";
import { startTopicReader } from "./support/topic-reader.js";

/** task-api → outbox → relay → daprd (pubsub.kafka) → the real Kafka topic. */
describe("task-api outbox relay", () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let kafka: Kafka;
  let events: Awaited<ReturnType<typeof startTopicReader>>;
  let updates: Awaited<ReturnType<typeof startTopicReader>>;
  let db: pg.Client;

  beforeAll(async () => {
    const infra = requireInfra("kafka", "postgres", "redis", "dapr");
    kafka = testKafka(infra.kafkaBrokers);
    await ensureTopics(infra.kafkaBrokers);
    events = await startTopicReader(kafka, "task-events");
    updates = await startTopicReader(kafka, "task-updates");
    system = await startTestSystem(infra, ["task-api"]);
    db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await events?.stop();
    await updates?.stop();
    await system?.stop();
  });

  it("publishes every change as a CloudEvent keyed by task id, in per-task order, and marks it sent", async () => {
    const api = await apiAs(system.services["task-api"]!.url, "erin");
    const a = (await api.post("/api/erin/tasks", { title: "a" })).body;
    const b = (await api.post("/api/erin/tasks", { title: "b" })).body;
    await api.patch(`/api/erin/tasks/${a.id}`, { priority: "high" });
    await api.patch(`/api/erin/tasks/${a.id}/complete`);
    await api.delete(`/api/erin/tasks/${b.id}`);

    const ofA = await events.waitFor("events of task a", (m) => m.key === a.id, 3);
    expect(ofA.map((m) => m.value.type)).toEqual([
      "com.todo.task.created.v1",
      "com.todo.task.updated.v1",
      "com.todo.task.completed.v1",
    ]);
    expect(ofA.map((m) => (m.value.data as { sequence: number }).sequence)).toEqual([1, 2, 3]);
    expect(new Set(ofA.map((m) => m.partition)).size).toBe(1);
    expect(ofA[2]!.value).toMatchObject({
      specversion: "1.0",
      source: "task-api",
      subject: a.id,
      data: { task_id: a.id, user_id: "erin", task: { status: "completed", priority: "high" } },
    });

    const ofB = await events.waitFor("events of task b", (m) => m.key === b.id, 2);
    expect(ofB.map((m) => m.value.type)).toEqual([
      "com.todo.task.created.v1",
      "com.todo.task.deleted.v1",
    ]);
    await updates.waitFor("task-updates of a and b", (m) => m.key === a.id || m.key === b.id, 5);

    await pollUntil("outbox drained", async () => {
      const { rows } = await db.query(
        "SELECT count(*)::int AS n FROM task_api.outbox WHERE sent_at IS NULL",
      );
      return rows[0].n === 0;
    });
  });

  it("is ready only with its database and sidecar, and serves metrics", async () => {
    const url = system.services["task-api"]!.url;
    const ready = await (await fetch(`${url}/readyz`)).json();
    expect(ready).toMatchObject({ status: "ready", checks: { postgres: "ok", dapr: "ok" } });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain("outbox_published_total");
    expect(metrics).toContain("http_request_duration_seconds");
  });
});
