import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAPR_DEAD_LETTER_HEADERS, decodeHeaders } from "../../tools/events/dead-letters.js";
import { connectKafka, type KafkaConnection } from "../../tools/events/kafka-connection.js";
import { readTopic } from "../../tools/events/read-topic.js";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs } from "../services/support/api-client.js";
import { pollUntil } from "../services/support/poll.js";
import { startTestSystem } from "../services/support/system-harness.js";
import { collect, runEventsCli, spawnEventsCli } from "./events-cli.js";

/** One dead-lettered event as `dlq list --json` prints it. */
interface ListedLetter {
  partition: number;
  offset: string;
  key: string | null;
  eventType: string | null;
  eventId: string | null;
  sourceTopic: string;
  ageSeconds: number;
  failure?: { reason: string; service: string };
  headers: Record<string, string>;
}

/** A CHECK constraint (new rows only) the audit log refuses events by: a cause an operator can fix. */
const REFUSED_TITLE = "refused by the audit log";
const ADD_CAUSE = `ALTER TABLE audit.audit_log ADD CONSTRAINT ops_refuses_title
  CHECK (event->'data'->'task'->>'title' IS DISTINCT FROM '${REFUSED_TITLE}') NOT VALID`;
const FIX_CAUSE = "ALTER TABLE audit.audit_log DROP CONSTRAINT ops_refuses_title";

/**
 * `npm run events` on the real broker with task-api and audit behind daprd: the audit log
 * rebuilt by a replay, a poison event listed with its reason and redriven after the fix, and a
 * redrive killed in the middle resumed without sending anything twice.
 */
describe("npm run events", () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let db: pg.Client;
  let kafka: KafkaConnection;
  let brokers: string;

  beforeAll(async () => {
    const infra = requireInfra("kafka", "postgres", "redis", "dapr");
    brokers = infra.kafkaBrokers;
    system = await startTestSystem(infra, ["task-api", "audit"]);
    db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
    kafka = await connectKafka(brokers);
  });

  afterAll(async () => {
    await kafka?.admin.disconnect();
    await db?.end();
    await system?.stop();
  });

  const api = () => apiAs(system.services["task-api"]!.url, "olga");
  /** Ids of the task-events the outbox published for `taskIds`, in order. */
  const eventIds = async (taskIds: string[]) =>
    (
      await db.query(
        "SELECT event->>'id' AS id FROM task_api.outbox WHERE partition_key = ANY($1) AND topic = 'task-events' ORDER BY id",
        [taskIds],
      )
    ).rows.map((r) => r.id as string);
  const recordedTimes = async (ids: string[]) => {
    const { rows } = await db.query(
      "SELECT event_id, count(*)::int AS n FROM audit.audit_log WHERE event_id = ANY($1) GROUP BY event_id",
      [ids],
    );
    return new Map(rows.map((r) => [r.event_id as string, r.n as number]));
  };
  const listDeadLetters = async () => {
    const run = await runEventsCli(brokers, ["dlq", "list", "task-events", "--json"]);
    expect(run.stderr).toBe("");
    return JSON.parse(run.stdout) as ListedLetter[];
  };
  /** Waits until each id is dead-lettered with its failure note. */
  const waitForDeadLetters = (ids: string[]) =>
    pollUntil(
      `${ids.length} dead-lettered events with their reasons`,
      async () => {
        const listed = (await listDeadLetters()).filter((l) => ids.includes(l.eventId ?? ""));
        return listed.length >= ids.length && listed.every((l) => l.failure) ? listed : undefined;
      },
      120_000,
      1_000,
    );

  it("rebuilds the emptied audit log by replaying task-events, with identical content", async () => {
    const from = new Date().toISOString();
    const client = await api();
    const tasks = [];
    for (const title of ["replayed one", "replayed two", "replayed three"]) {
      tasks.push((await client.post("/api/olga/tasks", { title, tags: ["replay"] })).body);
    }
    await client.patch(`/api/olga/tasks/${tasks[0].id}`, { priority: "high" });
    await client.patch(`/api/olga/tasks/${tasks[1].id}/complete`);
    await client.delete(`/api/olga/tasks/${tasks[2].id}`);
    const ids = await eventIds(tasks.map((t) => t.id));
    expect(ids).toHaveLength(6);
    await pollUntil("6 audit rows", async () => (await recordedTimes(ids)).size === 6);
    const content = async () =>
      (
        await db.query(
          `SELECT event_id, event_type, task_id, user_id, sequence, occurred_at, event
           FROM audit.audit_log ORDER BY task_id, sequence`,
        )
      ).rows;
    const before = await content();
    expect(before.map((r) => r.event_id).sort()).toEqual([...ids].sort());

    // Refused while audit consumes: its next commit would undo the reset.
    const refused = await runEventsCli(brokers, [
      "replay",
      "task-events",
      "--from",
      from,
      "--to-group",
      "audit",
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/consumer group 'audit' has 1 active member\(s\)/);

    await system.stopService("audit");
    await pollUntil("audit's consumer group without members", async () => {
      const { groups } = await kafka.admin.describeGroups(["audit"]);
      return groups[0]!.members.length === 0;
    });
    await db.query("TRUNCATE audit.audit_log");
    expect(await content()).toEqual([]);

    const replayed = await runEventsCli(brokers, [
      "replay",
      "task-events",
      "--from",
      from,
      "--to-group",
      "audit",
    ]);
    expect(replayed.stderr).toBe("");
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/reset consumer group 'audit' on 'task-events': it re-reads 6/);

    await system.startServices(["audit"]);
    await pollUntil("the rebuilt audit log", async () => (await content()).length >= 6, 60_000);
    expect(await content()).toEqual(before);
  });

  it("lists a dead-lettered event with its consumer's reason, and redrives it once the cause is fixed", async () => {
    await db.query(ADD_CAUSE);
    const client = await api();
    const task = (await client.post("/api/olga/tasks", { title: REFUSED_TITLE })).body;
    const [eventId] = await eventIds([task.id]);
    const [letter] = await waitForDeadLetters([eventId!]);
    expect(letter).toMatchObject({
      key: task.id,
      eventType: "com.todo.task.created.v1",
      eventId,
      sourceTopic: "task-events",
      failure: { service: "audit", reason: expect.stringMatching(/ops_refuses_title/) },
    });
    expect(letter!.ageSeconds).toBeLessThan(120);

    // What daprd 1.18 put on the dead-lettered record: the original record's headers plus its
    // own delivery metadata, and no failure reason.
    const original = (await readTopic(kafka, "task-events")).find(
      (r) => JSON.parse(r.message.value!.toString()).id === eventId,
    )!;
    const originalHeaders = decodeHeaders(original.message.headers);
    const added = Object.keys(letter!.headers)
      .filter((h) => !(h in originalHeaders))
      .sort();
    // `pubsubName` only on a copy Dapr makes when its retries run out; the copy of an event
    // the app answers DROP for (bounded attempts, services/runtime/dapr/subscriptions.ts) lacks it.
    expect(added).toEqual(
      [...DAPR_DEAD_LETTER_HEADERS].filter((h) => h !== "pubsubName" || added.includes(h)).sort(),
    );
    expect(letter!.headers).toMatchObject({
      ...originalHeaders,
      __topic: "task-events",
      __key: task.id,
      __partition: String(original.partition),
      __offset: original.message.offset,
    });

    const table = await runEventsCli(brokers, ["dlq", "list", "task-events"]);
    expect(table.stdout).toMatch(/PARTITION:OFFSET\s+KEY\s+TYPE\s+EVENT ID\s+AGE\s+REASON/);
    expect(table.stdout).toContain(eventId);
    process.stderr.write(`[events] dlq list task-events:\n${table.stdout}`);

    await db.query(FIX_CAUSE);
    const dry = await runEventsCli(brokers, [
      "dlq",
      "redrive",
      "task-events",
      "--id",
      eventId!,
      "--dry-run",
    ]);
    expect(dry.stdout).toMatch(/would redrive 1 event/);
    const redrive = await runEventsCli(brokers, [
      "dlq",
      "redrive",
      "task-events",
      "--id",
      eventId!,
    ]);
    expect(redrive.code).toBe(0);
    expect(redrive.stdout).toMatch(/redrove 1 event/);
    expect(redrive.stderr).toMatch(/redriven 1\/1 from 'task-events.dlt'/);
    const again = await runEventsCli(brokers, ["dlq", "redrive", "task-events", "--id", eventId!]);
    expect(again.stdout).toMatch(/nothing to redrive .*1 sent back by an earlier run/);

    // A later event of the task: once it is recorded, the redriven one before it was handled.
    await client.patch(`/api/olga/tasks/${task.id}`, { title: "fixed" });
    const ids = await eventIds([task.id]);
    await pollUntil("both events recorded", async () => (await recordedTimes(ids)).size === 2);
    expect([...(await recordedTimes(ids)).values()]).toEqual([1, 1]);

    // Sent back with the original key and headers, Dapr's own headers dropped.
    const copies = (await readTopic(kafka, "task-events", { readUncommitted: false })).filter(
      (r) => JSON.parse(r.message.value!.toString()).id === eventId,
    );
    expect(copies).toHaveLength(2);
    expect(copies[1]!.message.key?.toString()).toBe(task.id);
    expect(decodeHeaders(copies[1]!.message.headers)).toEqual(originalHeaders);
  });

  it("resumes a redrive killed in the middle without sending any event twice", async () => {
    await db.query(ADD_CAUSE);
    const client = await api();
    const tasks = await Promise.all(
      Array.from(
        { length: 60 },
        async () => (await client.post("/api/olga/tasks", { title: REFUSED_TITLE })).body,
      ),
    );
    const ids = await eventIds(tasks.map((t) => t.id));
    await waitForDeadLetters(ids);
    await db.query(FIX_CAUSE);

    const args = [
      "dlq",
      "redrive",
      "task-events",
      "--batch-size",
      "1",
      ...ids.flatMap((id) => ["--id", id]),
    ];
    const child = spawnEventsCli(brokers, args);
    child.stderr!.on("data", (d: Buffer) => {
      if (/redriven \d+\//.test(d.toString())) child.kill("SIGKILL");
    });
    const killed = await collect(child, 90_000, "the first redrive");
    expect(killed.code).toBeNull(); // killed, not finished
    const sentBeforeKill = Math.max(
      ...[...killed.stderr.matchAll(/redriven (\d+)\//g)].map((m) => Number(m[1])),
    );
    expect(sentBeforeKill).toBeLessThan(ids.length);

    const resumed = await runEventsCli(brokers, args);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      /redrove \d+ event\(s\) from 'task-events.dlt' \(\d+ sent back by an earlier run/,
    );
    expect(resumed.stderr).toMatch(/redriven (\d+)\/\1 /);

    // Committed copies on task-events: the original and exactly one redriven copy of each.
    const wanted = new Set(ids);
    const copies = new Map<string, number>();
    for (const r of await readTopic(kafka, "task-events", { readUncommitted: false })) {
      const id = JSON.parse(r.message.value!.toString()).id as string;
      if (wanted.has(id)) copies.set(id, (copies.get(id) ?? 0) + 1);
    }
    expect([...copies.values()]).toEqual(ids.map(() => 2));
    await pollUntil(
      "all recorded",
      async () => (await recordedTimes(ids)).size === ids.length,
      60_000,
    );
    expect(new Set((await recordedTimes(ids)).values())).toEqual(new Set([1]));
  });

  it("answers an unknown topic, an unreachable broker and a bad time with one clear line", async () => {
    const unknown = await runEventsCli(brokers, ["dlq", "list", "no-such-topic"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^events: unknown topic 'no-such-topic.dlt'; topics on this cluster: .*task-events/,
    );
    const down = await runEventsCli("127.0.0.1:1", ["dlq", "list", "task-events"]);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^events: cannot reach the Kafka broker at 127.0.0.1:1/);
    const badTime = await runEventsCli(brokers, [
      "replay",
      "task-events",
      "--from",
      "2026-13-45T99:00:00Z",
      "--to-group",
      "audit",
    ]);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toMatch(
      /^events: --from '2026-13-45T99:00:00Z' is not earliest, latest, an offset or an RFC 3339 time/,
    );
    for (const run of [unknown, down, badTime]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
