import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs } from "./support/api-client.js";
import { pollUntil } from "./support/poll.js";
import { startTestSystem } from "./support/system-harness.js";

interface Pushed {
  type: string;
  data: { user_id: string; task_id?: string };
}

/** Connects and collects every pushed message; resolves once the server said welcome. */
async function connect(
  url: string,
  auth: { header?: string; query?: string },
): Promise<{ ws: WebSocket; received: Pushed[] }> {
  const target = auth.query ? `${url}?access_token=${auth.query}` : url;
  const ws = new WebSocket(
    target,
    auth.header ? { headers: { authorization: `Bearer ${auth.header}` } } : {},
  );
  const received: Pushed[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on("message", (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === "welcome") resolve();
      else received.push(message);
    });
    ws.on("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on("error", reject);
  });
  return { ws, received };
}

/** task-api → outbox → Kafka `task-updates` → realtime (daprd) → the owner's WebSockets only. */
describe("realtime", () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let wsUrl: string;

  beforeAll(async () => {
    const infra = requireInfra("kafka", "postgres", "redis", "dapr");
    system = await startTestSystem(infra, ["task-api", "realtime"]);
    wsUrl = `${system.services.realtime!.url.replace("http", "ws")}/ws`;
  });

  afterAll(async () => {
    await system?.stop();
  });

  it("refuses a connection without a valid token", async () => {
    await expect(connect(wsUrl, {})).rejects.toThrow(/401/);
    await expect(connect(wsUrl, { query: "not-a-jwt" })).rejects.toThrow(/401/);
  });

  it("pushes a user's own task updates to all of their clients and never another user's", async () => {
    const kate = await apiAs(system.services["task-api"]!.url, "kate");
    const leo = await apiAs(system.services["task-api"]!.url, "leo");
    const kateTab1 = await connect(wsUrl, { header: kate.token! });
    const kateTab2 = await connect(wsUrl, { query: kate.token! });
    const leoTab = await connect(wsUrl, { header: leo.token! });
    try {
      const kateTask = (await kate.post("/api/kate/tasks", { title: "kate's secret" })).body;
      await kate.patch(`/api/kate/tasks/${kateTask.id}/complete`);
      const leoTask = (await leo.post("/api/leo/tasks", { title: "leo's" })).body;

      for (const tab of [kateTab1, kateTab2]) {
        await pollUntil(
          "kate's two updates",
          async () => tab.received.filter((m) => m.data.task_id === kateTask.id).length === 2,
        );
      }
      expect(
        kateTab1.received.filter((m) => m.data.task_id === kateTask.id).map((m) => m.type),
      ).toEqual(["com.todo.task.created.v1", "com.todo.task.completed.v1"]);
      await pollUntil("leo's update", async () =>
        leoTab.received.some((m) => m.data.task_id === leoTask.id),
      );
      // A second round for leo after kate's were delivered everywhere: had kate's leaked, they were before it.
      const leoSecond = (await leo.post("/api/leo/tasks", { title: "leo's second" })).body;
      await pollUntil("leo's second update", async () =>
        leoTab.received.some((m) => m.data.task_id === leoSecond.id),
      );

      expect(leoTab.received.every((m) => m.data.user_id === "leo")).toBe(true);
      expect(leoTab.received.some((m) => m.data.task_id === kateTask.id)).toBe(false);
      expect(
        [...kateTab1.received, ...kateTab2.received].every((m) => m.data.user_id === "kate"),
      ).toBe(true);
    } finally {
      for (const tab of [kateTab1, kateTab2, leoTab]) tab.ws.close();
    }
  });

  it("closes its clients with 1001 (going away) and exits cleanly on SIGTERM", async () => {
    const nora = await apiAs(system.services["task-api"]!.url, "nora");
    const tab = await connect(wsUrl, { header: nora.token! });
    const closed = new Promise<number>((resolve) => tab.ws.on("close", (code) => resolve(code)));
    await system.services.realtime!.process.stop();
    expect(await closed).toBe(1001);
    expect(readFileSync(system.services.realtime!.process.logFile, "utf8")).toMatch(
      /"msg":"stopped"/,
    );
  });
});
