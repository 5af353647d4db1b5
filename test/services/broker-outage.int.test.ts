import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKafka, type RunningKafka } from "../../testbed/data-services/kafka.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { ensureTopics } from "../../testbed/local/kafka-topics.js";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs } from "./support/api-client.js";
import { pollUntil } from "./support/poll.js";
import { startTestSystem } from "./support/system-harness.js";

/**
 * The broker goes away while users keep working: task-api still answers, the outbox keeps
 * every event, and once a broker listens on the same address again every event reaches the
 * consumer (audit) exactly once in effect. Uses its own Kafka so the shared one stays up.
 */
describe("broker outage", () => {
  const supervisor = new Supervisor();
  let kafka: RunningKafka;
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let db: pg.Client;
  let logDir: string;

  beforeAll(async () => {
    const infra = requireInfra("kafka", "postgres", "redis", "dapr");
    logDir = infra.logDir;
    kafka = await startKafka(supervisor, { logDir, name: "kafka-outage" });
    await ensureTopics(kafka.bootstrapServers);
    system = await startTestSystem({ ...infra, kafkaBrokers: kafka.bootstrapServers }, [
      "task-api",
      "audit",
    ]);
    db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
  }, 300_000);

  afterAll(async () => {
    await db?.end();
    await system?.stop();
    await supervisor.stopAll();
  });

  const unsent = async () =>
    (await db.query("SELECT count(*)::int AS n FROM task_api.outbox WHERE sent_at IS NULL")).rows[0]
      .n as number;

  it(
    "keeps answering, holds the events, and delivers all of them once the broker is back",
    { timeout: 300_000 },
    async () => {
      const api = await apiAs(system.services["task-api"]!.url, "mia");
      const before = (await api.post("/api/mia/tasks", { title: "before the outage" })).body;
      await pollUntil(
        "audit of the first task",
        async () =>
          (await db.query("SELECT 1 FROM audit.audit_log WHERE task_id = $1", [before.id]))
            .rowCount === 1,
      );

      const port = kafka.port;
      await kafka.stop();

      const during: string[] = [];
      for (let i = 0; i < 10; i++) {
        const started = Date.now();
        const res = await api.post("/api/mia/tasks", { title: `during the outage ${i}` });
        expect(res.status).toBe(201);
        expect(Date.now() - started, "the API must not wait for the broker").toBeLessThan(5000);
        during.push(res.body.id);
      }
      await api.patch(`/api/mia/tasks/${during[0]}/complete`);
      expect(await unsent()).toBeGreaterThanOrEqual(22); // 11 events × (task-events + task-updates)
      expect((await api.get("/api/mia/tasks?limit=100")).body.items).toHaveLength(11);

      kafka = await startKafka(supervisor, { logDir, name: "kafka-outage-restarted", port });
      await ensureTopics(kafka.bootstrapServers);

      await pollUntil("the outbox drained", async () => (await unsent()) === 0, 120_000, 500);
      const rows = await pollUntil(
        "11 audited events of the outage",
        async () => {
          const { rows: r } = await db.query(
            "SELECT task_id, event_type FROM audit.audit_log WHERE task_id = ANY($1::uuid[])",
            [during],
          );
          return r.length >= 11 ? r : undefined;
        },
        120_000,
        500,
      );
      expect(rows).toHaveLength(11);
      expect(new Set(rows.map((r) => r.task_id))).toEqual(new Set(during));
      expect(rows.filter((r) => r.event_type === "com.todo.task.completed.v1")).toHaveLength(1);
    },
  );
});
