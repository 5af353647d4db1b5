import type { Kafka, Producer } from "kafkajs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTopics } from "../../testbed/local/kafka-topics.js";
import { testKafka } from "../infra/kafka-client.js";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs } from "./support/api-client.js";
import { readCounter } from "./support/metrics.js";
import { pollUntil } from "./support/poll.js";
import { startTestSystem } from "./support/system-harness.js";

/**
 * Completion → task-api outbox → Kafka → recurrence (Dapr actor per series) → service
 * invocation of task-api → next occurrence. All real: Postgres, Kafka, Redis actor state,
 * placement, two daprd sidecars.
 */
describe("recurrence", () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let kafka: Kafka;
  let producer: Producer;
  let db: pg.Client;
  let api: Awaited<ReturnType<typeof apiAs>>;
  let recurrenceUrl: string;

  beforeAll(async () => {
    const infra = requireInfra("kafka", "postgres", "redis", "dapr");
    kafka = testKafka(infra.kafkaBrokers);
    await ensureTopics(infra.kafkaBrokers);
    producer = kafka.producer();
    await producer.connect();
    system = await startTestSystem(infra, ["task-api", "recurrence"]);
    db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
    api = await apiAs(system.services["task-api"]!.url, "ivy");
    recurrenceUrl = system.services.recurrence!.url;
  });

  afterAll(async () => {
    await db?.end();
    await producer?.disconnect();
    await system?.stop();
  });

  const seriesTasks = async (seriesId: string) =>
    (
      await db.query(
        "SELECT id, occurrence, due_at, status FROM task_api.tasks WHERE series_id = $1 ORDER BY occurrence",
        [seriesId],
      )
    ).rows;

  const completions = (outcome: string) =>
    readCounter(recurrenceUrl, "recurrence_completions_total", { outcome });

  it("creates the next weekly occurrence at the same Europe/Berlin wall-clock time across the DST change", async () => {
    // Monday 2027-03-22 09:00 CET; Berlin switches to CEST on Sunday 2027-03-28.
    const first = (
      await api.post("/api/ivy/tasks", {
        title: "weekly review",
        due_at: "2027-03-22T09:00:00+01:00",
        remind_before: "PT30M",
        tags: ["work"],
        recurrence: { rrule: "FREQ=WEEKLY;BYDAY=MO", timezone: "Europe/Berlin" },
      })
    ).body;
    await api.patch(`/api/ivy/tasks/${first.id}/complete`);
    const rows = await pollUntil("the next occurrence", async () => {
      const r = await seriesTasks(first.id);
      return r.length === 2 ? r : undefined;
    });
    const next = (await api.get(`/api/ivy/tasks/${rows[1].id}`)).body;
    expect(next).toMatchObject({
      title: "weekly review",
      tags: ["work"],
      status: "pending",
      series_id: first.id,
      occurrence: 2,
      due_at: "2027-03-29T07:00:00.000Z", // 09:00 CEST
      remind_at: "2027-03-29T06:30:00.000Z",
      recurrence: {
        rrule: "FREQ=WEEKLY;BYDAY=MO",
        timezone: "Europe/Berlin",
        dtstart: "2027-03-22T09:00:00",
      },
    });
  });

  it("continues a daily 02:30 Europe/Berlin series through both DST changes of 2027, and past a moved due_at", async () => {
    const series = (
      await api.post("/api/ivy/tasks", {
        title: "02:30 daily",
        due_at: "2027-03-27T02:30:00+01:00",
        recurrence: { rrule: "FREQ=DAILY", timezone: "Europe/Berlin" },
      })
    ).body;
    const completeLatest = async (count: number) => {
      const rows = await seriesTasks(series.id);
      await api.patch(`/api/ivy/tasks/${rows[rows.length - 1].id}/complete`);
      const next = await pollUntil(`occurrence ${count}`, async () => {
        const r = await seriesTasks(series.id);
        return r.length === count ? r[count - 1] : undefined;
      });
      return (await api.get(`/api/ivy/tasks/${next.id}`)).body;
    };
    // Spring forward (2027-03-28, 02:00 → 03:00): 02:30 does not exist and moves forward by the gap.
    expect(await completeLatest(2)).toMatchObject({
      occurrence: 2,
      due_at: "2027-03-28T01:30:00.000Z", // 03:30 CEST
      recurrence: { dtstart: "2027-03-27T02:30:00", instance: "2027-03-28T02:30:00" },
    });
    // The day after, the series is back at 02:30 (and #3, not a reused #2).
    const third = await completeLatest(3);
    expect(third).toMatchObject({ occurrence: 3, due_at: "2027-03-29T00:30:00.000Z" });

    // The user moves #3 to the day before fall back; its number stays that of its instance.
    const moved = await api.patch(`/api/ivy/tasks/${third.id}`, { due_at: "2027-10-30T10:00:00Z" });
    expect(moved.body).toMatchObject({
      occurrence: 3,
      recurrence: { instance: "2027-03-29T02:30:00" },
    });
    // Fall back (2027-10-31, 03:00 → 02:00): 02:30 happens twice; the first one (CEST) is due,
    // numbered by its position in the series (218 days after the start).
    expect(await completeLatest(4)).toMatchObject({
      occurrence: 219,
      due_at: "2027-10-31T00:30:00.000Z",
      recurrence: { instance: "2027-10-31T02:30:00" },
    });
    expect(await completeLatest(5)).toMatchObject({
      occurrence: 220,
      due_at: "2027-11-01T01:30:00.000Z", // 02:30 CET
    });
  });

  it("creates nothing once COUNT is exhausted, and nothing for a non-recurring task", async () => {
    const first = (
      await api.post("/api/ivy/tasks", {
        title: "twice",
        due_at: "2030-01-01T09:00:00Z",
        recurrence: { rrule: "FREQ=DAILY;COUNT=2", timezone: "UTC" },
      })
    ).body;
    await api.patch(`/api/ivy/tasks/${first.id}/complete`);
    const second = await pollUntil("occurrence 2", async () => (await seriesTasks(first.id))[1]);
    expect(second.due_at.toISOString()).toBe("2030-01-02T09:00:00.000Z");

    const ended = await completions("series-ended");
    await api.patch(`/api/ivy/tasks/${second.id}/complete`);
    await pollUntil(
      "the series-ended outcome",
      async () => (await completions("series-ended")) === ended + 1,
    );
    expect(await seriesTasks(first.id)).toHaveLength(2);

    const ignoredLabels = { outcome: "ignored", type: "com.todo.task.completed.v1" };
    const ignored = await readCounter(recurrenceUrl, "events_handled_total", ignoredLabels);
    const plain = (
      await api.post("/api/ivy/tasks", { title: "once", due_at: "2030-01-01T09:00:00Z" })
    ).body;
    await api.patch(`/api/ivy/tasks/${plain.id}/complete`);
    await pollUntil(
      "the plain completion consumed",
      async () =>
        (await readCounter(recurrenceUrl, "events_handled_total", ignoredLabels)) > ignored,
    );
    const { rows } = await db.query(
      "SELECT count(*)::int AS n FROM task_api.tasks WHERE title = 'once'",
    );
    expect(rows[0].n).toBe(1);
  });

  it("creates exactly one next occurrence when the completion event is delivered again", async () => {
    const first = (
      await api.post("/api/ivy/tasks", {
        title: "daily",
        due_at: "2030-06-01T07:00:00Z",
        recurrence: { rrule: "FREQ=DAILY", timezone: "Europe/Berlin" },
      })
    ).body;
    await api.patch(`/api/ivy/tasks/${first.id}/complete`);
    await pollUntil("occurrence 2", async () => (await seriesTasks(first.id)).length === 2);

    const duplicates = await completions("duplicate");
    const { rows: completed } = await db.query(
      "SELECT event FROM task_api.outbox WHERE partition_key = $1 AND topic = 'task-events' AND event->>'type' = 'com.todo.task.completed.v1'",
      [first.id],
    );
    const redelivery = { key: first.id, value: JSON.stringify(completed[0].event) };
    await producer.send({ topic: "task-events", messages: [redelivery, redelivery] });
    await pollUntil(
      "both redeliveries handled",
      async () => (await completions("duplicate")) >= duplicates + 2,
    );
    expect((await seriesTasks(first.id)).map((r) => r.occurrence)).toEqual([1, 2]);
  });

  it("serializes concurrent completions of one series: exactly one next occurrence", async () => {
    const first = (
      await api.post("/api/ivy/tasks", {
        title: "racy",
        due_at: "2030-06-01T07:00:00Z",
        recurrence: { rrule: "FREQ=DAILY", timezone: "UTC" },
      })
    ).body;
    // Two clients complete the same task at once: one completion, one event.
    const [a, b] = await Promise.all([
      api.patch(`/api/ivy/tasks/${first.id}/complete`),
      api.patch(`/api/ivy/tasks/${first.id}/complete`),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // And the same completion reaches the series actor six times at once (plus the subscription's own delivery).
    const { rows } = await db.query(
      "SELECT event FROM task_api.outbox WHERE partition_key = $1 AND topic = 'task-events' AND event->>'type' = 'com.todo.task.completed.v1'",
      [first.id],
    );
    expect(rows).toHaveLength(1);
    const daprUrl = `http://127.0.0.1:${system.services.recurrence!.daprd.httpPort}`;
    const results = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const res = await fetch(
          `${daprUrl}/v1.0/actors/SeriesActor/${first.id}/method/completeOccurrence`,
          {
            method: "PUT",
            headers: {
              "content-type": "application/json",
              "dapr-api-token": system.services.recurrence!.daprd.apiToken ?? "",
            },
            body: JSON.stringify(rows[0].event.data),
          },
        );
        return ((await res.json()) as { outcome: string }).outcome;
      }),
    );
    expect(results.filter((o) => o === "created").length).toBeLessThanOrEqual(1);
    expect(results.every((o) => o === "created" || o === "duplicate")).toBe(true);
    await pollUntil("occurrence 2", async () => (await seriesTasks(first.id)).length === 2);
    expect((await seriesTasks(first.id)).map((r) => r.occurrence)).toEqual([1, 2]);
  });
});
