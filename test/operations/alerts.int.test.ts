import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { promtool as promtoolTool } from "../../testbed/checkers/go-checkers.js";
import { startKafka, type RunningKafka } from "../../testbed/data-services/kafka.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { ensureTopics } from "../../testbed/local/kafka-topics.js";
import { TODO_ALERT_RULES } from "../../stacks/todo/todo-alert-rules.js";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs } from "../services/support/api-client.js";
import { readCounter } from "../services/support/metrics.js";
import { pollUntil } from "../services/support/poll.js";
import { startTestSystem } from "../services/support/system-harness.js";
import { synthesizedAlertRules } from "./synthesized-alert-rules.js";
import {
  metricNamesOf,
  sampleName,
  scrape,
  scrapeAll,
  seriesContinuing,
  type Samples,
} from "./prometheus-samples.js";

const run = promisify(execFile);

/** promtool, built by the bootstrap; the test fails (never skips) without it. */
function promtool(): string {
  const bin = promtoolTool.built();
  if (!bin) throw new Error("promtool is not built: run `npm run infra:bootstrap`");
  return bin;
}

/**
 * The alerting rules the platform stack synthesizes, checked by promtool, and each alert shown
 * firing on the samples the real services and their sidecars expose while a fault is provoked:
 * a poison event and a broken table, then the broker and the notification service stopped,
 * then the recovery. The samples of two scrapes around each fault, continued as observed,
 * are the input of a `promtool test rules` run that asks which alerts fire.
 */
describe("alerting rules", () => {
  const supervisor = new Supervisor();
  let kafka: RunningKafka;
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let db: pg.Client;
  let dir: string;
  let rulesFile: string;
  let logDir: string;

  beforeAll(async () => {
    const infra = requireInfra("kafka", "postgres", "redis", "dapr");
    promtool();
    logDir = infra.logDir;
    dir = mkdtempSync(join(tmpdir(), "todo-alerts-"));
    rulesFile = join(dir, "alerting_rules.yml");
    writeFileSync(rulesFile, stringify(synthesizedAlertRules()));
    // Its own broker: this test stops it.
    kafka = await startKafka(supervisor, { logDir, name: "kafka-alerts" });
    await ensureTopics(kafka.bootstrapServers);
    system = await startTestSystem({ ...infra, kafkaBrokers: kafka.bootstrapServers }, [
      "task-api",
      "audit",
      "notification",
    ]);
    db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
  }, 300_000);

  afterAll(async () => {
    await db?.end();
    await system?.stop();
    await supervisor.stopAll();
  });

  it("are what the platform stack synthesizes, and promtool accepts them", async () => {
    const rules = synthesizedAlertRules();
    expect(rules.groups.flatMap((g) => g.rules.map((r) => r.alert))).toEqual(
      TODO_ALERT_RULES.flatMap((g) => g.rules.map((r) => r.alert)),
    );
    const { stdout } = await run(promtool(), ["check", "rules", rulesFile]);
    expect(stdout).toMatch(/SUCCESS: 7 rules found/);
  });

  it(
    "fires each alert on the metrics of the real services under a provoked fault",
    { timeout: 400_000 },
    async () => {
      const endpoints = () =>
        Object.values(system.services).flatMap((s) => [
          `${s.url}/metrics`,
          `http://127.0.0.1:${s.daprd.metricsPort}/metrics`,
        ]);
      const taskApi = () => system.services["task-api"]!;
      const api = await apiAs(taskApi().url, "pia");
      const healthy = await scrapeAll(endpoints());

      // Fault 1: a poison event (dead-lettered by audit) and a table gone (task-api answers 5xx).
      const poisonId = `poison-${randomUUID()}`;
      const producer = new Kafka({
        brokers: [kafka.bootstrapServers],
        logLevel: logLevel.NOTHING,
      }).producer();
      await producer.connect();
      await producer.send({
        topic: "task-events",
        messages: [
          {
            key: "poison",
            value: JSON.stringify({
              specversion: "1.0",
              id: poisonId,
              source: "test",
              type: "com.todo.task.created.v1",
              data: {},
            }),
          },
        ],
      });
      await producer.disconnect();
      await db.query("ALTER TABLE task_api.tasks RENAME TO tasks_gone");
      for (let i = 0; i < 5; i++) expect((await api.get("/api/pia/tasks")).status).toBe(500);
      await db.query("ALTER TABLE task_api.tasks_gone RENAME TO tasks");
      const auditSidecar = `http://127.0.0.1:${system.services.audit!.daprd.metricsPort}/metrics`;
      await pollUntil(
        "audit's sidecar dead-lettering the poison event",
        async () =>
          [...(await scrape(auditSidecar))].some(
            ([s, v]) =>
              /^dapr_component_pubsub_ingress(_bulk_event)?_count$/.test(sampleName(s)) &&
              /process_status="(drop|DROP)"/.test(s) &&
              v > 0,
          ),
        60_000,
        500,
      ).catch(async (err: Error) => {
        const names = [...(await scrape(auditSidecar)).entries()]
          .filter(([k]) => k.includes("ingress") && !k.includes("_bucket"))
          .map(([k, v]) => `${k} ${v}`);
        throw new Error(`${err.message}; the sidecar's pub/sub series: ${names.join(" ")}`);
      });
      // A reminder due in 8 s, scheduled before the next fault.
      const reminded = (
        await api.post("/api/pia/tasks", {
          title: "remind me",
          due_at: new Date(Date.now() + 68_000).toISOString(),
          remind_before: "PT1M",
        })
      ).body;
      await pollUntil(
        "notification scheduling the reminder",
        async () =>
          (await readCounter(system.services.notification!.url, "events_handled_total", {
            outcome: "success",
          })) >= 1,
      );
      const afterFirstFault = await scrapeAll(endpoints());

      // Fault 2: the broker and the notification service stop while users keep working.
      await system.stopService("notification");
      const port = kafka.port;
      await kafka.stop();
      for (let i = 0; i < 5; i++)
        expect((await api.post("/api/pia/tasks", { title: `during the outage ${i}` })).status).toBe(
          201,
        );
      const taskApiSamples = async () => scrapeAll([`${taskApi().url}/metrics`]);
      await pollUntil(
        "the oldest unpublished event 80 s old",
        async () =>
          ((await taskApiSamples()).get('outbox_oldest_pending_age_seconds{service="task-api"}') ??
            0) >= 80,
        150_000,
        1_000,
      );
      const duringOutage = await scrapeAll(endpoints());

      // Recovery: events and the reminder arrive late.
      kafka = await startKafka(supervisor, { logDir, name: "kafka-alerts-restarted", port });
      await ensureTopics(kafka.bootstrapServers);
      await system.startServices(["notification"]);
      await pollUntil(
        "the outbox drained and the reminder delivered",
        async () => {
          const { rows } = await db.query(
            `SELECT (SELECT count(*)::int FROM task_api.outbox WHERE sent_at IS NULL) AS unsent,
                  (SELECT count(*)::int FROM notification.notifications WHERE task_id = $1) AS reminded`,
            [reminded.id],
          );
          return rows[0].unsent === 0 && rows[0].reminded === 1;
        },
        150_000,
        500,
      );
      // Its consumer rejoins the restarted broker's group on Dapr's reconnect backoff, which on a
      // busy machine takes longer than the default 30 s: the same bound as the outbox's.
      await pollUntil(
        "audit caught up",
        async () =>
          (await db.query("SELECT count(*)::int AS n FROM audit.audit_log")).rows[0].n >= 6,
        150_000,
        500,
      );
      const recovered = await scrapeAll(endpoints());

      // Every metric a rule reads is one the services or their sidecars really expose.
      const metrics = metricNamesOf(TODO_ALERT_RULES);
      const exposed = new Set(
        [...healthy, ...afterFirstFault, ...duringOutage, ...recovered].map(([s]) => sampleName(s)),
      );
      expect(metrics.filter((m) => !exposed.has(m))).toEqual([]);

      const window = (
        name: string,
        before: Samples,
        after: Samples,
        firing: Record<string, Record<string, string>>,
      ) => ({
        name,
        interval: "1m",
        input_series: seriesContinuing(before, after, { steps: 30, metrics }),
        promql_expr_test: Object.entries(firing).map(([alert, labels]) => ({
          expr: `count(ALERTS{${[`alertname="${alert}"`, 'alertstate="firing"', ...Object.entries(labels).map(([k, v]) => `${k}="${v}"`)].join(", ")}})`,
          eval_time: "25m",
          exp_samples: [{ labels: "{}", value: 1 }],
        })),
      });
      const tests = [
        {
          ...window("healthy: nothing fires", healthy, healthy, {}),
          promql_expr_test: [
            { expr: 'ALERTS{alertstate="firing"}', eval_time: "25m", exp_samples: [] },
          ],
        },
        window("poison event and a missing table", healthy, afterFirstFault, {
          DeadLetterGrowth: { app_id: "audit", topic: "task-events" },
          HttpErrorRateHigh: { service: "task-api" },
        }),
        window("broker stopped", afterFirstFault, duringOutage, {
          OutboxNotDraining: { service: "task-api" },
          OutboxEventsStale: { service: "task-api" },
          DaprSidecarErrors: { app_id: "task-api" },
        }),
        window("after the outage", duringOutage, recovered, {
          ConsumerLagHigh: { service: "audit", topic: "task-events" },
          ReminderLate: { service: "notification" },
        }),
      ];
      const testFile = join(dir, "alerts.test.yml");
      writeFileSync(
        testFile,
        stringify({ rule_files: [rulesFile], evaluation_interval: "1m", tests }),
      );
      const result = await run(promtool(), ["test", "rules", testFile]).catch(
        (err: { stdout?: string; stderr?: string }) => err,
      );
      expect(`${result.stdout}${result.stderr}`).toMatch(/SUCCESS/);
      process.stderr.write(
        `[alerts] fired while the broker was stopped: ${JSON.stringify(
          tests[2]!.input_series
            .filter((s) => /outbox_oldest_pending_age_seconds/.test(s.series))
            .map((s) => `${s.series} ${s.values.split(" ").slice(0, 4).join(" ")} ...`),
        )}\n`,
      );
    },
  );
});
