import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs } from "./support/api-client.js";
import { pollUntil } from "./support/poll.js";
import { startTestSystem } from "./support/system-harness.js";

/**
 * Reminders end to end: task-api → Kafka → notification schedules a Dapr job on the real
 * scheduler → the job fires → `reminders` → delivery (stored, webhook through the Dapr HTTP
 * output binding). Wall-clock waits are polls with deadlines, never fixed sleeps.
 */
describe("notification reminders", () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let db: pg.Client;
  let api: Awaited<ReturnType<typeof apiAs>>;
  let webhook: Server;
  const webhookCalls: { task_id: string; remind_at: string }[] = [];

  beforeAll(async () => {
    const infra = requireInfra("kafka", "postgres", "redis", "dapr");
    webhook = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        webhookCalls.push(JSON.parse(body));
        res.end("ok");
      });
    });
    await new Promise<void>((r) => webhook.listen(0, "127.0.0.1", r));
    const address = webhook.address();
    const port = typeof address === "object" && address ? address.port : 0;
    system = await startTestSystem(infra, ["task-api", "notification"], {
      webhookUrl: `http://127.0.0.1:${port}/hook`,
    });
    db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
    api = await apiAs(system.services["task-api"]!.url, "jack");
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
    webhook?.close();
  });

  /** A due time such that remind_at (due - 1 s) is `inMs` from now. */
  const dueIn = (inMs: number) => new Date(Date.now() + inMs + 1000).toISOString();
  const notifications = async (taskId: string) =>
    (
      await db.query(
        "SELECT remind_at, delivered_at FROM notification.notifications WHERE task_id = $1",
        [taskId],
      )
    ).rows as {
      remind_at: Date;
      delivered_at: Date;
    }[];
  const jobExists = async (taskId: string) =>
    (
      await fetch(
        `http://127.0.0.1:${system.services.notification!.daprd.httpPort}/v1.0/jobs/reminder-${taskId}`,
        { headers: { "dapr-api-token": system.services.notification!.daprd.apiToken ?? "" } },
      )
    ).ok;

  it("delivers a reminder not before remind_at, exactly once, and calls the webhook once", async () => {
    const task = (
      await api.post("/api/jack/tasks", {
        title: "stretch",
        due_at: dueIn(4000),
        remind_before: "PT1S",
      })
    ).body;
    const [delivered] = await pollUntil(
      "the reminder",
      async () => {
        const rows = await notifications(task.id);
        return rows.length ? rows : undefined;
      },
      60_000,
    );
    expect(delivered!.remind_at.toISOString()).toBe(task.remind_at);
    expect(delivered!.delivered_at.getTime()).toBeGreaterThanOrEqual(Date.parse(task.remind_at));
    await pollUntil("the webhook call", async () =>
      webhookCalls.some((c) => c.task_id === task.id),
    );
    const list = await (
      await apiAs(system.services.notification!.url, "jack")
    ).get("/api/jack/notifications");
    expect(list.body.items.map((n: { task_id: string }) => n.task_id)).toContain(task.id);
    expect(await jobExists(task.id)).toBe(false); // one-shot: nothing left to fire again
    expect(await notifications(task.id)).toHaveLength(1);
    expect(webhookCalls.filter((c) => c.task_id === task.id)).toHaveLength(1);
  });

  it("refuses a job callback from anyone but the sidecar", async () => {
    const res = await fetch(`${system.services.notification!.url}/job/reminder-forged`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        task_id: randomUUID(),
        user_id: "jack",
        title: "x",
        remind_at: new Date().toISOString(),
      }),
    });
    expect(res.status).toBe(401);
  });

  it("fails a job callback whose body is not a reminder with 400 naming the field", async () => {
    // As the sidecar would call it, so the body check is what answers.
    const res = await fetch(`${system.services.notification!.url}/job/reminder-forged`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "dapr-api-token": system.services.notification!.appApiToken,
      },
      body: JSON.stringify({ task_id: "not-a-task", user_id: "jack", title: "x" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(["remind_at", "task_id"]);
  });

  it("reschedules when due_at changes, and cancels when the task is completed or deleted", async () => {
    const moved = (
      await api.post("/api/jack/tasks", {
        title: "moved",
        due_at: dueIn(4000),
        remind_before: "PT1S",
      })
    ).body;
    const completed = (
      await api.post("/api/jack/tasks", {
        title: "done early",
        due_at: dueIn(4000),
        remind_before: "PT1S",
      })
    ).body;
    const deleted = (
      await api.post("/api/jack/tasks", {
        title: "dropped",
        due_at: dueIn(4000),
        remind_before: "PT1S",
      })
    ).body;
    await pollUntil(
      "three jobs scheduled",
      async () =>
        (await jobExists(moved.id)) &&
        (await jobExists(completed.id)) &&
        (await jobExists(deleted.id)),
    );

    const newDue = dueIn(9000);
    const rescheduled = (await api.patch(`/api/jack/tasks/${moved.id}`, { due_at: newDue })).body;
    await api.patch(`/api/jack/tasks/${completed.id}/complete`);
    await api.delete(`/api/jack/tasks/${deleted.id}`);
    await pollUntil(
      "cancelled jobs removed",
      async () => !(await jobExists(completed.id)) && !(await jobExists(deleted.id)),
    );

    const [delivered] = await pollUntil(
      "the rescheduled reminder",
      async () => {
        const rows = await notifications(moved.id);
        return rows.length ? rows : undefined;
      },
      60_000,
    );
    expect(delivered!.remind_at.toISOString()).toBe(rescheduled.remind_at);
    expect(delivered!.delivered_at.getTime()).toBeGreaterThanOrEqual(
      Date.parse(rescheduled.remind_at),
    );
    // The original remind_at of every task has passed by now: none of them produced a delivery.
    expect(await notifications(moved.id)).toHaveLength(1);
    expect(await notifications(completed.id)).toHaveLength(0);
    expect(await notifications(deleted.id)).toHaveLength(0);
  });
});
