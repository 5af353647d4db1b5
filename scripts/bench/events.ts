/**
 * Event-path benchmark (`tsx scripts/bench/events.ts`, part of `npm run bench`):
 *
 * 1. Raw baseline: kafkajs produce → consume on the broker, one message per event,
 *    `BENCH_CONCURRENCY` producers in parallel.
 * 2. System: the same number of `POST /tasks` through task-api → outbox → Dapr → Kafka →
 *    audit (a real consumer writing Postgres), same concurrency, same broker, same run.
 *    Latency = audit's recorded_at − the task's created_at (both Postgres clocks).
 *
 * Prints events/s, p50/p99 and the ratio against the target (system ≥ 0.5× raw; the
 * next-occurrence cost is recurrence.ts). Environment: BENCH_EVENTS (default 2000), BENCH_CONCURRENCY (16).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import { signHs256Token } from "../../services/runtime/auth.js";
import { DAPR_VERSION } from "../../testbed/dapr/dapr-build.js";
import { KAFKA_VERSION } from "../../testbed/data-services/kafka.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { startInfrastructure } from "../../testbed/local/start-infrastructure.js";
import { startSystem } from "../../testbed/local/start-system.js";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const JWT_SECRET = randomUUID() + randomUUID();

interface PathResult {
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Runs `count` async jobs with at most `concurrency` in flight. */
async function pool(
  count: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

async function rawKafka(brokers: string): Promise<PathResult> {
  const kafka = new Kafka({ clientId: "bench", brokers: [brokers], logLevel: logLevel.NOTHING });
  const topic = `bench-raw-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
  });
  await admin.disconnect();
  const latencies: number[] = [];
  let lastReceived = 0;
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  // The system's consumer (audit) is in its group before the run starts; so is this one, or
  // the group join would count as throughput and latency of the baseline.
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const now = Date.now();
        latencies.push(now - Number(message.headers!.sent!.toString()));
        lastReceived = now;
        if (latencies.length === EVENTS) resolve();
      },
    });
  });
  const producer = kafka.producer();
  await producer.connect();
  await joined;
  const started = Date.now();
  await pool(EVENTS, CONCURRENCY, async (i) => {
    const id = randomUUID();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key: id,
          value: JSON.stringify({ id, i, type: "bench" }),
          headers: { sent: String(Date.now()) },
        },
      ],
    });
  });
  await done;
  await producer.disconnect();
  await consumer.disconnect();
  latencies.sort((a, b) => a - b);
  return {
    eventsPerSecond: EVENTS / ((lastReceived - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

async function throughSystem(taskApiUrl: string, databaseUrl: string): Promise<PathResult> {
  const user = `bench-${randomUUID().slice(0, 8)}`;
  const token = await signHs256Token(JWT_SECRET, user);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await pool(EVENTS, CONCURRENCY, async (i) => {
    const res = await fetch(`${taskApiUrl}/api/${user}/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: `bench ${i}`, priority: "high", tags: ["bench"] }),
    });
    if (res.status !== 201)
      throw new Error(`POST /tasks answered ${res.status}: ${await res.text()}`);
  });
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { rows } = await db.query(
      "SELECT count(*)::int AS n FROM audit.audit_log WHERE user_id = $1",
      [user],
    );
    if (rows[0].n >= EVENTS) break;
    if (Date.now() > deadline)
      throw new Error(`only ${rows[0].n}/${EVENTS} events reached audit within 300 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const { rows } = await db.query(
    `SELECT extract(epoch FROM (a.recorded_at - t.created_at)) * 1000 AS latency_ms,
            extract(epoch FROM t.created_at) * 1000 AS created_ms, extract(epoch FROM a.recorded_at) * 1000 AS recorded_ms
     FROM audit.audit_log a JOIN task_api.tasks t ON t.id = a.task_id WHERE a.user_id = $1`,
    [user],
  );
  const { rows: relay } = await db.query(
    `SELECT extract(epoch FROM (o.sent_at - o.created_at)) * 1000 AS ms FROM task_api.outbox o
     JOIN task_api.tasks t ON t.id::text = o.partition_key WHERE t.user_id = $1 AND o.topic = 'task-events'`,
    [user],
  );
  const relayMs = relay.map((r) => Number(r.ms)).sort((a, b) => a - b);
  process.stdout.write(
    `  (of which commit→published by the relay: p50 ${percentile(relayMs, 50).toFixed(0)} ms, p99 ${percentile(relayMs, 99).toFixed(0)} ms)\n`,
  );
  await db.end();
  const latencies = rows.map((r) => Number(r.latency_ms)).sort((a, b) => a - b);
  const first = Math.min(...rows.map((r) => Number(r.created_ms)));
  const last = Math.max(...rows.map((r) => Number(r.recorded_ms)));
  return {
    eventsPerSecond: EVENTS / ((last - first) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

const fmt = (r: PathResult) =>
  `${r.eventsPerSecond.toFixed(0).padStart(6)} events/s   p50 ${r.p50Ms.toFixed(0).padStart(5)} ms   p99 ${r.p99Ms.toFixed(0).padStart(5)} ms`;

const supervisor = new Supervisor();
try {
  const logDir = mkdtempSync(join(tmpdir(), "todo-bench-"));
  const { kafka, postgres, system: infra } = await startInfrastructure(supervisor, { logDir });
  const system = await startSystem(supervisor, infra, {
    services: ["task-api", "audit"],
    workDir: logDir,
    logDir,
    databaseUrl: postgres.url,
    jwtSecret: JWT_SECRET,
    logLevel: "warn",
  });

  process.stdout.write(
    `\nEvent path: ${EVENTS} events, concurrency ${CONCURRENCY}, Kafka ${KAFKA_VERSION}, Dapr ${DAPR_VERSION}, Node ${process.version}\n`,
  );
  const raw = await rawKafka(kafka.bootstrapServers);
  process.stdout.write(`  raw kafkajs produce→consume            ${fmt(raw)}\n`);
  const sys = await throughSystem(system["task-api"]!.url, postgres.url);
  process.stdout.write(`  API→outbox→Dapr→Kafka→consumer (audit) ${fmt(sys)}\n`);
  const ratio = sys.eventsPerSecond / raw.eventsPerSecond;
  process.stdout.write(
    `  throughput ratio system/raw            ${ratio.toFixed(2)} (target ≥ 0.50: ${ratio >= 0.5 ? "met" : "NOT met"})\n`,
  );
} finally {
  await supervisor.stopAll();
}
