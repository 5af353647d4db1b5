import { randomUUID } from "node:crypto";
import type { Kafka, Producer } from "kafkajs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTopics } from "../../testbed/local/kafka-topics.js";
import { testKafka } from "../infra/kafka-client.js";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs } from "./support/api-client.js";
import { pollUntil } from "./support/poll.js";
import { startTestSystem } from "./support/system-harness.js";
import { startTopicReader } from "./support/topic-reader.js";

/** audit on real Kafka + daprd: exactly one row per event under redelivery; poison → DLT. */
describe("audit", () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let kafka: Kafka;
  let producer: Producer;
  let db: pg.Client;

  beforeAll(async () => {
    const infra = requireInfra("kafka", "postgres", "redis", "dapr");
    kafka = testKafka(infra.kafkaBrokers);
    await ensureTopics(infra.kafkaBrokers);
    producer = kafka.producer();
    await producer.connect();
    system = await startTestSystem(infra, ["task-api", "audit"]);
    db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await producer?.disconnect();
    await system?.stop();
  });

  const auditRows = async (taskId: string) =>
    (
      await db.query(
        "SELECT event_id, event_type, sequence FROM audit.audit_log WHERE task_id = $1 ORDER BY sequence",
        [taskId],
      )
    ).rows;

  it("records each task event once, even when Kafka delivers it again", async () => {
    const api = await apiAs(system.services["task-api"]!.url, "frank");
    const task = (await api.post("/api/frank/tasks", { title: "audited" })).body;
    await api.patch(`/api/frank/tasks/${task.id}`, { title: "audited twice" });
    await pollUntil("2 audit rows", async () => (await auditRows(task.id)).length === 2);

    // Redeliver both events as they were published (same CloudEvent ids), three times.
    const { rows: sent } = await db.query(
      "SELECT event FROM task_api.outbox WHERE partition_key = $1 AND topic = 'task-events' ORDER BY id",
      [task.id],
    );
    for (let i = 0; i < 3; i++) {
      await producer.send({
        topic: "task-events",
        messages: sent.map((r) => ({ key: task.id, value: JSON.stringify(r.event) })),
      });
    }
    // A later event on the same partition: once it is recorded, the redeliveries before it were handled.
    await api.patch(`/api/frank/tasks/${task.id}/complete`);
    await pollUntil("completion recorded", async () => (await auditRows(task.id)).length >= 3);

    const rows = await auditRows(task.id);
    expect(rows.map((r) => [r.event_type, r.sequence])).toEqual([
      ["com.todo.task.created.v1", 1],
      ["com.todo.task.updated.v1", 2],
      ["com.todo.task.completed.v1", 3],
    ]);
    const metrics = await (await fetch(`${system.services.audit!.url}/metrics`)).text();
    expect(metrics).toMatch(/events_handled_total\{[^}]*outcome="duplicate"[^}]*\} [1-9]/);
  });

  it("serves the caller's audit trail, filtered by task, with the same auth", async () => {
    const api = await apiAs(system.services["task-api"]!.url, "gina");
    const audit = await apiAs(system.services.audit!.url, "gina");
    const other = await apiAs(system.services.audit!.url, "harry");
    const task = (await api.post("/api/gina/tasks", { title: "trail" })).body;
    await api.delete(`/api/gina/tasks/${task.id}`);
    const trail = await pollUntil("trail of 2", async () => {
      const res = await audit.get(`/api/gina/audit?task_id=${task.id}`);
      return res.body.items.length === 2 ? res.body.items : undefined;
    });
    expect(trail.map((e: { event_type: string }) => e.event_type)).toEqual([
      "com.todo.task.created.v1",
      "com.todo.task.deleted.v1",
    ]);
    expect((await other.get(`/api/gina/audit?task_id=${task.id}`)).status).toBe(403);
    expect((await other.get(`/api/harry/audit?task_id=${task.id}`)).body.items).toEqual([]);
    expect(
      (await (await apiAs(system.services.audit!.url, undefined)).get("/api/gina/audit")).status,
    ).toBe(401);
    expect((await audit.get("/api/gina/audit?task_id=not-a-uuid")).body.errors[0].field).toBe(
      "task_id",
    );
  });

  it("refuses to change or delete audit rows", async () => {
    await expect(db.query("DELETE FROM audit.audit_log")).rejects.toThrow(/append-only/);
    await expect(db.query("UPDATE audit.audit_log SET user_id = 'x'")).rejects.toThrow(
      /append-only/,
    );
  });

  it("moves a poison event to task-events.dlt after the bounded retries", async () => {
    const dlt = await startTopicReader(kafka, "task-events.dlt");
    try {
      const poisonId = `poison-${Date.now()}`;
      const poison = {
        specversion: "1.0",
        id: poisonId,
        source: "test",
        type: "com.todo.task.created.v1",
        datacontenttype: "application/json",
        data: { nonsense: true },
      };
      await producer.send({
        topic: "task-events",
        messages: [{ key: "poison", value: JSON.stringify(poison) }],
      });
      const [dead] = await dlt.waitFor(
        "the poison event",
        (m) => m.value.id === poisonId,
        1,
        60_000,
      );
      expect(dead!.value).toMatchObject({ id: poisonId, data: { nonsense: true } });
      const { rows } = await db.query(
        "SELECT count(*)::int AS n FROM audit.audit_log WHERE event_id = $1",
        [poisonId],
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await dlt.stop();
    }
  });

  it("records the rest of a batch when Postgres refuses one event's row, which is dead-lettered", async () => {
    const api = await apiAs(system.services["task-api"]!.url, "grace");
    const task = (await api.post("/api/grace/tasks", { title: "batched" })).body;
    await pollUntil("created recorded", async () => (await auditRows(task.id)).length === 1);
    const { rows: sent } = await db.query(
      "SELECT event FROM task_api.outbox WHERE partition_key = $1 AND topic = 'task-events'",
      [task.id],
    );
    // Copies of the real event under new ids; the middle one has a task id that is no uuid:
    // a valid task event that only the insert rejects.
    const copy = (taskId: string) => {
      const id = randomUUID();
      return {
        ...sent[0].event,
        id,
        data: { ...sent[0].event.data, event_id: id, task_id: taskId },
      };
    };
    const [first, refused, last] = [copy(task.id), copy("not-a-uuid"), copy(task.id)];
    const dlt = await startTopicReader(kafka, "task-events.dlt");
    try {
      // One send with one key: one partition, normally one bulk delivery.
      await producer.send({
        topic: "task-events",
        messages: [first, refused, last].map((e) => ({ key: task.id, value: JSON.stringify(e) })),
      });
      await dlt.waitFor("the refused event", (m) => m.value.id === refused.id, 1, 60_000);
      const { rows } = await db.query(
        "SELECT event_id FROM audit.audit_log WHERE event_id = ANY($1) ORDER BY id",
        [[first.id, refused.id, last.id]],
      );
      expect(rows.map((r) => r.event_id)).toEqual([first.id, last.id]);
    } finally {
      await dlt.stop();
    }
  });
});
