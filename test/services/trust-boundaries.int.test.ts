import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs, TEST_JWT_SECRET } from "./support/api-client.js";
import { pollUntil } from "./support/poll.js";
import { startTestSystem } from "./support/system-harness.js";

/** A token with exactly these claims, signed with the test system's HS256 secret. */
const tokenWith = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A WebSocket to realtime: resolves once welcomed, collects every pushed message and the close. */
function openSocket(url: string, token: string) {
  const ws = new WebSocket(`${url}?access_token=${token}`);
  const received: { type: string; data: { task_id?: string } }[] = [];
  let closed: { code: number; reason: string } | undefined;
  ws.on("close", (code, reason) => (closed = { code, reason: reason.toString() }));
  const welcomed = new Promise<void>((resolve, reject) => {
    ws.on("message", (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === "welcome") resolve();
      else received.push(message);
    });
    ws.on("error", reject);
  });
  return { ws, received, welcomed, closed: () => closed };
}

/** The answer to a refused WebSocket upgrade: status, content type, body. */
function refusedUpgrade(url: string) {
  return new Promise<{ status: number; contentType: string; body: string }>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers["content-type"] ?? "",
          body,
        }),
      );
    });
    ws.on("open", () => reject(new Error("upgrade accepted")));
    ws.on("error", () => undefined);
  });
}

/**
 * Issue 12: what reaches a service's port from outside is refused unless it is the public API
 * with a valid token; every refusal is a 4xx problem+json that changes nothing. One test per
 * numbered finding, against the real services behind their own daprd.
 */
describe("trust boundaries", () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let db: pg.Client;
  let taskApi: string;

  beforeAll(async () => {
    const infra = requireInfra("kafka", "postgres", "redis", "dapr");
    system = await startTestSystem(infra, ["task-api", "audit", "realtime"]);
    taskApi = system.services["task-api"]!.url;
    db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

  it("1: the series endpoint and the outbox sweep refuse anyone but the sidecar, even with a forged caller id", async () => {
    const alice = await apiAs(taskApi, "alice");
    const series = (
      await alice.post("/api/alice/tasks", {
        title: "weekly",
        due_at: "2030-01-07T09:00:00Z",
        recurrence: { rrule: "FREQ=WEEKLY", timezone: "UTC" },
      })
    ).body;
    const tasksBefore = await count("task_api.tasks");
    const forged = await fetch(`${taskApi}/internal/series/${series.series_id}/occurrences`, {
      method: "POST",
      headers: { "dapr-caller-app-id": "recurrence", "content-type": "application/json" },
      body: JSON.stringify({
        from_task_id: series.id,
        user_id: "alice",
        occurrence: 999,
        due_at: "2099-12-31T00:00:00Z",
      }),
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get("content-type")).toContain("application/problem+json");
    expect(((await forged.json()) as { errors: unknown }).errors).toEqual([
      { field: "header.dapr-api-token", message: expect.any(String) },
    ]);
    expect(await count("task_api.tasks")).toBe(tasksBefore);

    const sweep = await fetch(`${taskApi}/outbox-sweep`, {
      method: "POST",
      headers: { "dapr-api-token": "guessed" },
    });
    expect(sweep.status).toBe(401);
  });

  it("1: the sidecar refuses the app's calls without the Dapr API token", async () => {
    const daprd = system.services["task-api"]!.daprd;
    expect((await fetch(`${daprd.httpUrl}/v1.0/metadata`)).status).toBe(401);
    const withToken = await fetch(`${daprd.httpUrl}/v1.0/metadata`, {
      headers: { "dapr-api-token": daprd.apiToken! },
    });
    expect(withToken.status).toBe(200);
  });

  it("2: forged events reach neither bob's audit log nor bob's sockets", async () => {
    const bob = await apiAs(taskApi, "bob");
    const socket = openSocket(
      `${system.services.realtime!.url.replace("http", "ws")}/ws`,
      bob.token!,
    );
    await socket.welcomed;
    try {
      const forgedTask = randomUUID();
      const event = {
        specversion: "1.0",
        id: randomUUID(),
        type: "com.todo.task.created.v1",
        source: "forged",
        datacontenttype: "application/json",
        data: {
          event_id: randomUUID(),
          task_id: forgedTask,
          user_id: "bob",
          sequence: 1,
          occurred_at: new Date().toISOString(),
          task: { id: forgedTask, user_id: "bob", title: "forged" },
        },
      };
      const toAudit = await fetch(`${system.services.audit!.url}/events/task-events`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ entries: [{ entryId: "0", event }] }),
      });
      const toRealtime = await fetch(`${system.services.realtime!.url}/events/task-updates`, {
        method: "POST",
        headers: { "content-type": "application/cloudevents+json" },
        body: JSON.stringify(event),
      });
      expect([toAudit.status, toRealtime.status]).toEqual([401, 401]);
      expect(await count("audit.audit_log WHERE task_id = $1", [forgedTask])).toBe(0);

      // A genuine update arrives through the sidecar; had the forged one been pushed, it came first.
      const real = (await bob.post("/api/bob/tasks", { title: "real" })).body;
      await pollUntil("bob's genuine update", async () =>
        socket.received.some((m) => m.data.task_id === real.id),
      );
      expect(socket.received.map((m) => m.data.task_id)).not.toContain(forgedTask);
    } finally {
      socket.ws.close();
    }
  });

  it("3: an offset beyond ±15:59 and a NUL in sub are 4xx problem+json, not 500", async () => {
    const alice = await apiAs(taskApi, "alice");
    const res = await alice.get("/api/alice/tasks?due_from=2026-01-01T00:00:00%2B16:00");
    expect(res.status).toBe(400);
    expect(res.contentType).toContain("application/problem+json");
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(["due_from"]);

    const nul = await tokenWith({ sub: "alice\u0000", iat: nowSeconds(), exp: nowSeconds() + 600 });
    const refused = await fetch(`${taskApi}/api/alice%00/tasks`, {
      headers: { authorization: `Bearer ${nul}` },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
  });

  it("4: PATCH with a null, blank or empty body is 400 and writes no version or event", async () => {
    const carol = await apiAs(taskApi, "carol");
    const task = (await carol.post("/api/carol/tasks", { title: "keep me" })).body;
    const events = () => count("task_api.outbox WHERE partition_key = $1", [task.id]);
    const eventsBefore = await events();
    for (const body of ["null", " ", ""]) {
      const res = await fetch(`${taskApi}/api/carol/tasks/${task.id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${carol.token}`, "content-type": "application/json" },
        body,
      });
      expect(res.status, `body ${JSON.stringify(body)}`).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("body");
    }
    expect((await carol.patch(`/api/carol/tasks/${task.id}`, {})).status).toBe(400);
    expect((await carol.get(`/api/carol/tasks/${task.id}`)).body.updated_at).toBe(task.updated_at);
    expect(await events()).toBe(eventsBefore);
  });

  it("5: bad URLs and refused WebSocket upgrades answer problem+json", async () => {
    const alice = await apiAs(taskApi, "alice");
    const badEncoding = await alice.get("/api/alice/tasks/%ff");
    expect([badEncoding.status, badEncoding.contentType]).toEqual([
      400,
      expect.stringContaining("application/problem+json"),
    ]);
    const longId = await alice.get(`/api/alice/tasks/${"a".repeat(150)}`);
    expect([longId.status, longId.contentType]).toEqual([
      404,
      expect.stringContaining("application/problem+json"),
    ]);
    const tooLong = await alice.get(`/api/alice/tasks/${"a".repeat(300)}`);
    expect(tooLong.status).toBe(414);
    expect(tooLong.contentType).toContain("application/problem+json");
    expect(JSON.stringify(tooLong.body)).not.toContain("a".repeat(150));

    const wsBase = system.services.realtime!.url.replace("http", "ws");
    for (const [url, status] of [
      [`${wsBase}/ws`, 401],
      [`${wsBase}/elsewhere`, 404],
    ] as const) {
      const refused = await refusedUpgrade(url);
      expect(refused.status).toBe(status);
      expect(refused.contentType).toBe("application/problem+json");
      expect(JSON.parse(refused.body)).toMatchObject({ status });
    }
  });

  it("6: tokens without exp, too long-lived, issued in the future or with a non-string sub are refused", async () => {
    const now = nowSeconds();
    const claims: Record<string, unknown>[] = [
      { sub: "alice", iat: now },
      { sub: "alice", iat: now, exp: now + 100 * 365 * 86400 },
      { sub: "alice", iat: now + 3600, exp: now + 7200 },
      { sub: 12345, iat: now, exp: now + 600 },
      { sub: ["alice"], iat: now, exp: now + 600 },
    ];
    for (const claim of claims) {
      const res = await fetch(`${taskApi}/api/12345/tasks`, {
        headers: { authorization: `Bearer ${await tokenWith(claim)}` },
      });
      expect(res.status, JSON.stringify(claim)).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("6: a WebSocket is closed with code 4401 when its token expires", async () => {
    const token = await tokenWith({ sub: "dave", iat: nowSeconds(), exp: nowSeconds() + 2 });
    const socket = openSocket(`${system.services.realtime!.url.replace("http", "ws")}/ws`, token);
    await socket.welcomed;
    // exp is whole seconds: the close comes within ~2 s, the deadline leaves room for a slow CI.
    const closed = await pollUntil(
      "the socket closed at token expiry",
      async () => socket.closed(),
      10_000,
    );
    expect(closed).toEqual({ code: 4401, reason: "token expired" });
  });
});
