import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../testbed/process/ports.js";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs } from "./support/api-client.js";
import { startTaskApi, type RunningTaskApi } from "./support/task-api-harness.js";
import { createTestDatabase } from "./support/test-database.js";

/**
 * task-api's REST contract against a real Postgres. No sidecar here: the outbox fills and
 * nothing is published (the relay is exercised in task-api-outbox.int.test.ts).
 */
describe("task-api", () => {
  let api: RunningTaskApi;
  let dropDb: () => Promise<void>;
  let alice: Awaited<ReturnType<typeof apiAs>>;
  let bob: Awaited<ReturnType<typeof apiAs>>;
  let anonymous: Awaited<ReturnType<typeof apiAs>>;

  beforeAll(async () => {
    const infra = requireInfra("postgres");
    const db = await createTestDatabase(infra.postgresUrl, "task_api_crud");
    dropDb = db.drop;
    api = await startTaskApi({ databaseUrl: db.url, daprHttpPort: await freePort() });
    alice = await apiAs(api.baseUrl, "alice");
    bob = await apiAs(api.baseUrl, "bob");
    anonymous = await apiAs(api.baseUrl, undefined);
  });

  afterAll(async () => {
    await api?.close();
    await dropDb?.();
  });

  const counts = async () => {
    const { rows } = await api.pool.query<{ tasks: string; outbox: string; updated: string }>(
      "SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM outbox) AS outbox, (SELECT max(updated_at)::text FROM tasks) AS updated",
    );
    return rows[0];
  };

  describe("auth", () => {
    it("answers 401 problem+json without a token", async () => {
      const res = await anonymous.get("/api/alice/tasks");
      expect(res.status).toBe(401);
      expect(res.contentType).toContain("application/problem+json");
    });

    it("answers 401 for a token signed with another secret", async () => {
      const res = await fetch(`${api.baseUrl}/api/alice/tasks`, {
        headers: {
          authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.bm90LXRoZS1zaWduYXR1cmU",
        },
      });
      expect(res.status).toBe(401);
    });

    it("answers 403 when the path names another user", async () => {
      const res = await alice.get("/api/bob/tasks");
      expect(res.status).toBe(403);
      expect(res.contentType).toContain("application/problem+json");
    });

    it("answers 404 for another user's task id, for every verb", async () => {
      const own = await bob.post("/api/bob/tasks", { title: "bob's" });
      const path = `/api/alice/tasks/${own.body.id}`;
      expect((await alice.get(path)).status).toBe(404);
      expect((await alice.put(path, { title: "stolen" })).status).toBe(404);
      expect((await alice.patch(path, { title: "stolen" })).status).toBe(404);
      expect((await alice.patch(`${path}/complete`)).status).toBe(404);
      expect((await alice.delete(path)).status).toBe(404);
      expect((await bob.get(`/api/bob/tasks/${own.body.id}`)).body.title).toBe("bob's");
    });
  });

  describe("CRUD", () => {
    it("creates a task with defaults and writes its events to the outbox in the same transaction", async () => {
      const res = await alice.post("/api/alice/tasks", { title: "  Buy milk  " });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        user_id: "alice",
        title: "Buy milk",
        description: "",
        priority: "medium",
        tags: [],
        status: "pending",
        due_at: null,
        remind_at: null,
        recurrence: null,
        series_id: null,
        completed_at: null,
      });
      const { rows } = await api.pool.query(
        "SELECT topic, partition_key, event FROM outbox WHERE event->>'subject' = $1 ORDER BY topic",
        [res.body.id],
      );
      expect(rows.map((r) => r.topic)).toEqual(["task-events", "task-updates"]);
      expect(rows[0].partition_key).toBe(res.body.id);
      expect(rows[0].event).toMatchObject({
        specversion: "1.0",
        type: "com.todo.task.created.v1",
        data: { task_id: res.body.id, user_id: "alice", sequence: 1, task: { title: "Buy milk" } },
      });
    });

    it("computes remind_at = due_at - remind_before", async () => {
      const res = await alice.post("/api/alice/tasks", {
        title: "call",
        due_at: "2030-01-01T10:00:00+01:00",
        remind_before: "PT15M",
      });
      expect(res.status).toBe(201);
      expect(res.body.due_at).toBe("2030-01-01T09:00:00.000Z");
      expect(res.body.remind_at).toBe("2030-01-01T08:45:00.000Z");
    });

    it("starts a series for a recurring task", async () => {
      const res = await alice.post("/api/alice/tasks", {
        title: "standup",
        due_at: "2030-03-04T08:00:00Z",
        recurrence: { rrule: "FREQ=WEEKLY;BYDAY=MO", timezone: "Europe/Berlin" },
      });
      expect(res.status).toBe(201);
      expect(res.body.series_id).toBe(res.body.id);
      expect(res.body.occurrence).toBe(1);
      expect(res.body.recurrence).toEqual({
        rrule: "FREQ=WEEKLY;BYDAY=MO",
        timezone: "Europe/Berlin",
        dtstart: "2030-03-04T09:00:00",
        instance: "2030-03-04T09:00:00",
      });
    });

    it("reads, replaces, patches, completes (idempotently) and deletes", async () => {
      const created = (
        await alice.post("/api/alice/tasks", {
          title: "write report",
          priority: "high",
          tags: ["work"],
        })
      ).body;
      const path = `/api/alice/tasks/${created.id}`;
      expect((await alice.get(path)).body).toEqual(created);

      const replaced = await alice.put(path, { title: "write the report", tags: ["work", "q3"] });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({
        title: "write the report",
        priority: "medium",
        tags: ["work", "q3"],
      });

      const patched = await alice.patch(path, { priority: "low", due_at: "2030-05-01T12:00:00Z" });
      expect(patched.body).toMatchObject({
        title: "write the report",
        priority: "low",
        due_at: "2030-05-01T12:00:00.000Z",
      });
      const cleared = await alice.patch(path, { due_at: null });
      expect(cleared.body.due_at).toBeNull();

      const completed = await alice.patch(`${path}/complete`);
      expect(completed.body.status).toBe("completed");
      expect(completed.body.completed_at).not.toBeNull();
      const again = await alice.patch(`${path}/complete`);
      expect(again.body.completed_at).toBe(completed.body.completed_at);

      const { rows } = await api.pool.query(
        "SELECT event->>'type' AS type, (event->'data'->>'sequence')::int AS seq FROM outbox WHERE partition_key = $1 AND topic = 'task-events' ORDER BY id",
        [created.id],
      );
      expect(rows).toEqual([
        { type: "com.todo.task.created.v1", seq: 1 },
        { type: "com.todo.task.updated.v1", seq: 2 },
        { type: "com.todo.task.updated.v1", seq: 3 },
        { type: "com.todo.task.updated.v1", seq: 4 },
        { type: "com.todo.task.completed.v1", seq: 5 },
      ]);

      expect((await alice.delete(path)).status).toBe(204);
      expect((await alice.get(path)).status).toBe(404);
      expect((await alice.delete(path)).status).toBe(404);
    });
  });

  describe("bad input", () => {
    const cases: [string, string, string, unknown, string][] = [
      ["missing title", "POST", "", { description: "x" }, "title"],
      ["empty title", "POST", "", { title: "   " }, "title"],
      ["unknown priority", "POST", "", { title: "t", priority: "urgent" }, "priority"],
      ["tags not strings", "POST", "", { title: "t", tags: [1] }, "tags.0"],
      ["due_at not RFC 3339", "POST", "", { title: "t", due_at: "tomorrow" }, "due_at"],
      [
        "due_at without offset",
        "POST",
        "",
        { title: "t", due_at: "2030-01-01T10:00:00" },
        "due_at",
      ],
      [
        "remind_before not a duration",
        "POST",
        "",
        { title: "t", due_at: "2030-01-01T10:00:00Z", remind_before: "15 minutes" },
        "remind_before",
      ],
      [
        "remind_before without due_at",
        "POST",
        "",
        { title: "t", remind_before: "PT15M" },
        "remind_before",
      ],
      [
        "recurrence without due_at",
        "POST",
        "",
        { title: "t", recurrence: { rrule: "FREQ=DAILY", timezone: "UTC" } },
        "recurrence",
      ],
      [
        "bad rrule",
        "POST",
        "",
        {
          title: "t",
          due_at: "2030-01-01T10:00:00Z",
          recurrence: { rrule: "FREQ=SOMETIMES", timezone: "UTC" },
        },
        "recurrence.rrule",
      ],
      [
        "rrule out of range",
        "POST",
        "",
        {
          title: "t",
          due_at: "2030-01-01T10:00:00Z",
          recurrence: { rrule: "FREQ=HOURLY;BYHOUR=24", timezone: "UTC" },
        },
        "recurrence.rrule",
      ],
      [
        "rrule that never produces an instance",
        "POST",
        "",
        {
          title: "t",
          due_at: "2030-01-01T10:00:00Z",
          recurrence: { rrule: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", timezone: "UTC" },
        },
        "recurrence.rrule",
      ],
      [
        "bad time zone",
        "POST",
        "",
        {
          title: "t",
          due_at: "2030-01-01T10:00:00Z",
          recurrence: { rrule: "FREQ=DAILY", timezone: "Mars/Base" },
        },
        "recurrence.timezone",
      ],
      ["unknown field", "POST", "", { title: "t", owner: "mallory" }, "owner"],
      ["status set directly", "PATCH", "/ID", { status: "completed" }, "status"],
      ["PUT without title", "PUT", "/ID", { priority: "low" }, "title"],
      ["PATCH title null", "PATCH", "/ID", { title: null }, "title"],
      [
        "PATCH remind_before onto a task without due_at",
        "PATCH",
        "/ID",
        { remind_before: "PT5M" },
        "remind_before",
      ],
    ];

    it.each(cases)(
      "%s → 400 problem+json naming the field, nothing stored",
      async (_name, method, suffix, body, field) => {
        const target = (await alice.post("/api/alice/tasks", { title: "target" })).body;
        const before = await counts();
        const path = `/api/alice/tasks${suffix.replace("ID", target.id)}`;
        const res =
          method === "POST"
            ? await alice.post(path, body)
            : method === "PUT"
              ? await alice.put(path, body)
              : await alice.patch(path, body);
        expect(res.status).toBe(400);
        expect(res.contentType).toContain("application/problem+json");
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(await counts()).toEqual(before);
        expect((await alice.get(`/api/alice/tasks/${target.id}`)).body).toEqual(target);
      },
    );

    it("malformed JSON → 400 problem+json, nothing stored", async () => {
      const before = await counts();
      const res = await alice.post("/api/alice/tasks", "{ not json");
      expect(res.status).toBe(400);
      expect(res.contentType).toContain("application/problem+json");
      expect(await counts()).toEqual(before);
    });

    it.each([
      ["sort=size", "sort"],
      ["order=up", "order"],
      ["limit=0", "limit"],
      ["limit=1000", "limit"],
      ["status=done", "status"],
      ["due_from=yesterday", "due_from"],
      ["due_from=2030-02-01T00:00:00Z&due_to=2030-01-01T00:00:00Z", "due_from"],
      ["cursor=garbage", "cursor"],
      ["bogus=1", "bogus"],
    ])("GET ?%s → 400 naming %s", async (query, field) => {
      const res = await alice.get(`/api/alice/tasks?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it("a cursor used with another sort → 400 naming cursor", async () => {
      await alice.post("/api/alice/tasks", { title: "a" });
      await alice.post("/api/alice/tasks", { title: "b" });
      const page = await alice.get("/api/alice/tasks?limit=1&sort=title");
      const res = await alice.get(
        `/api/alice/tasks?limit=1&sort=due_at&cursor=${page.body.next_cursor}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe("cursor");
    });

    it("a forged cursor whose key is not a timestamp → 400, not 500", async () => {
      const forged = Buffer.from(
        JSON.stringify([
          "created_at",
          "asc",
          "2030-13-45 99:99:99",
          "00000000-0000-0000-0000-000000000000",
        ]),
      ).toString("base64url");
      const res = await alice.get(`/api/alice/tasks?cursor=${forged}`);
      expect(res.status).toBe(400);
    });
  });
});

describe("task-api search, filters, sorting and paging", () => {
  let api: RunningTaskApi;
  let dropDb: () => Promise<void>;
  let carol: Awaited<ReturnType<typeof apiAs>>;
  const seeded: Record<string, string> = {};

  beforeAll(async () => {
    const infra = requireInfra("postgres");
    const db = await createTestDatabase(infra.postgresUrl, "task_api_query");
    dropDb = db.drop;
    api = await startTaskApi({ databaseUrl: db.url, daprHttpPort: await freePort() });
    carol = await apiAs(api.baseUrl, "carol");
    const dave = await apiAs(api.baseUrl, "dave");
    const tasks = [
      {
        title: "Pay rent",
        description: "bank transfer",
        priority: "high",
        tags: ["home", "money"],
        due_at: "2030-01-01T09:00:00Z",
      },
      {
        title: "Buy groceries",
        description: "milk, eggs",
        priority: "medium",
        tags: ["home"],
        due_at: "2030-01-03T09:00:00Z",
      },
      {
        title: "annual review",
        description: "prepare 100% of slides",
        priority: "high",
        tags: ["work"],
        due_at: "2030-02-01T09:00:00Z",
      },
      { title: "Call mom", priority: "low", tags: [] },
      {
        title: "Fix bike",
        description: "rent a pump",
        priority: "low",
        tags: ["home"],
        due_at: "2030-01-02T09:00:00Z",
      },
      { title: "Zen garden", priority: "medium", tags: ["home", "fun"] },
    ];
    for (const t of tasks) seeded[t.title] = (await carol.post("/api/carol/tasks", t)).body.id;
    await carol.patch(`/api/carol/tasks/${seeded["Pay rent"]}/complete`);
    await dave.post("/api/dave/tasks", { title: "Pay rent (dave)", tags: ["home"] });
  });

  afterAll(async () => {
    await api?.close();
    await dropDb?.();
  });

  const titles = async (query: string) => {
    const res = await carol.get(`/api/carol/tasks?${query}`);
    expect(res.status).toBe(200);
    return res.body.items.map((t: { title: string }) => t.title);
  };

  it("lists only the caller's tasks", async () => {
    expect((await titles("limit=100")).sort()).toEqual(Object.keys(seeded).sort());
  });

  it("searches title and description case-insensitively by keyword", async () => {
    expect((await titles("q=RENT")).sort()).toEqual(["Fix bike", "Pay rent"]);
    expect(await titles("q=100%25")).toEqual(["annual review"]); // % is a literal, not a wildcard
  });

  it("filters by status, priority, tag and due range", async () => {
    expect(await titles("status=completed")).toEqual(["Pay rent"]);
    expect(await titles("status=pending&priority=high")).toEqual(["annual review"]);
    expect((await titles("tag=home&sort=title")).sort()).toEqual([
      "Buy groceries",
      "Fix bike",
      "Pay rent",
      "Zen garden",
    ]);
    expect(
      await titles("due_from=2030-01-02T00:00:00Z&due_to=2030-01-31T23:59:59Z&sort=due_at"),
    ).toEqual(["Fix bike", "Buy groceries"]);
  });

  it("sorts by due_at (tasks without due date last in both directions)", async () => {
    const asc = await titles("sort=due_at&order=asc");
    expect(asc.slice(0, 4)).toEqual(["Pay rent", "Fix bike", "Buy groceries", "annual review"]);
    const desc = await titles("sort=due_at&order=desc");
    expect(desc.slice(0, 4)).toEqual(["annual review", "Buy groceries", "Fix bike", "Pay rent"]);
    expect(desc.slice(4).sort()).toEqual(["Call mom", "Zen garden"]);
  });

  it("sorts by priority low < medium < high", async () => {
    const priorities = (await carol.get("/api/carol/tasks?sort=priority")).body.items.map(
      (t: { priority: string }) => t.priority,
    );
    expect(priorities).toEqual(["low", "low", "medium", "medium", "high", "high"]);
    const desc = (await carol.get("/api/carol/tasks?sort=priority&order=desc")).body.items.map(
      (t: { priority: string }) => t.priority,
    );
    expect(desc).toEqual(["high", "high", "medium", "medium", "low", "low"]);
  });

  it("sorts by title and by created_at", async () => {
    const byTitle = await titles("sort=title");
    expect(byTitle).toHaveLength(6);
    expect(byTitle).toEqual([
      "annual review",
      "Buy groceries",
      "Call mom",
      "Fix bike",
      "Pay rent",
      "Zen garden",
    ]);
    expect(await titles("sort=created_at")).toEqual(Object.keys(seeded));
    expect(await titles("sort=created_at&order=desc")).toEqual(Object.keys(seeded).reverse());
  });

  it.each(["due_at", "priority", "title", "created_at"])(
    "pages with a cursor through every item exactly once (sort=%s)",
    async (sort) => {
      for (const order of ["asc", "desc"]) {
        const all = await titles(`sort=${sort}&order=${order}&limit=100`);
        const paged: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res: { body: { items: { title: string }[]; next_cursor: string | null } } =
            await carol.get(
              `/api/carol/tasks?sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
            );
          paged.push(...res.body.items.map((t) => t.title));
          cursor = res.body.next_cursor;
          pages++;
        } while (cursor && pages < 10);
        expect(paged).toEqual(all);
        expect(pages).toBe(3);
      }
    },
  );
});
