import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FAULTS,
  startFaultSystem,
  type FaultReport,
  type FaultSystem,
} from "../../testbed/faults/fault-system.js";
import { formatFaultReports } from "../../testbed/faults/report.js";
import { requireInfra } from "../infra/require-infra.js";
import { pollUntil } from "../services/support/poll.js";

/** Tasks per burst; the issue asks for 1,000 (TODO_FAULT_TASKS lowers it on a slow machine). */
const TASKS = Number(process.env.TODO_FAULT_TASKS ?? 1000);

/**
 * Kill -9, in turn, the broker, each consumer service, a consumer's sidecar, task-api's sidecar
 * and Postgres, each in the middle of a burst of tasks, on the real components under a
 * restarting supervisor. Nobody helps: afterwards every event is audited once, every recurring
 * completion has one next occurrence, every reminder one delivery, and nothing but poison sits
 * in a dead-letter topic.
 */
describe("faults", () => {
  let system: FaultSystem;
  const reports: FaultReport[] = [];

  beforeAll(async () => {
    requireInfra("kafka", "postgres", "redis", "dapr");
    system = await startFaultSystem({ tasks: TASKS });
  }, 300_000);

  afterAll(async () => {
    if (reports.length) process.stderr.write(`\n${formatFaultReports(reports)}\n`);
    await system?.stop();
  });

  it("dead-letters a poison event after its bounded attempts, once per subscriber", async () => {
    const before = await system.deadLetterCount();
    const kafka = new Kafka({
      clientId: "faults-poison",
      brokers: [system.bootstrapServers],
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: "task-events",
      messages: [
        {
          key: "poison",
          value: JSON.stringify({
            specversion: "1.0",
            id: `poison-${Date.now()}`,
            source: "fault-suite",
            type: "com.todo.task.created.v1",
            data: { nonsense: true },
          }),
        },
      ],
    });
    await producer.disconnect();
    // audit, recurrence and notification each give up on it and dead-letter it.
    await pollUntil(
      "three dead-lettered copies of the poison event",
      async () => (await system.deadLetterCount()) - before === 3,
      60_000,
      250,
    );
  });

  for (const fault of FAULTS) {
    it(
      `recovers from kill -9 of ${fault} mid-burst with every event taking effect once`,
      { timeout: 300_000 },
      async () => {
        await pollUntil(
          "every process up before the fault",
          () => system.allHealthy(),
          120_000,
          250,
        );
        const report = await system.inject(fault);
        reports.push(report);
        expect(report.restartMs, `${fault} restarted`).not.toBeNaN();
        expect(
          report,
          `effects after kill -9 of ${fault}; supervisor: ${system.supervisorLog.slice(-4).join(" | ")}`,
        ).toMatchObject({
          lost: 0,
          duplicated: 0,
          deadLettered: 0,
          nextOccurrences: report.completions,
          delivered: report.reminders,
          undelivered: [],
        });
        expect(report.recoveryMs, "recovered before the deadline").not.toBeNaN();
        expect(
          system.supervisorLog.some(
            (l) => l.includes(`${fault} (pid`) && l.includes("killed by SIGKILL"),
          ),
        ).toBe(true);
      },
    );
  }
});
