/**
 * The whole Todo system on its own infrastructure under a restarting supervisor, and the
 * kill -9 faults the fault suite (test/faults) and the fault benchmark (npm run bench) inject:
 * each fault kills one process in the middle of a burst of tasks, then waits (polling with
 * deadlines) until the system has recovered without help and every event took effect once.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel, type Admin } from "kafkajs";
import pg from "pg";
import { signHs256Token } from "../../services/runtime/auth.js";
import { Topics } from "../../services/domain/events/topics.js";
import { deadLetterTopic } from "../../services/runtime/dapr/delivery-failures.js";
import { type ManagedProcess, Supervisor } from "../process/supervisor.js";
import { serviceDefinitions } from "../../services/service-definitions.js";
import { startInfrastructure } from "../local/start-infrastructure.js";
import { startSystem, type RunningService } from "../local/start-system.js";
import { burst, type BurstResult } from "./burst.js";

/** The processes a fault can kill, by the name the report uses. */
export const FAULTS = [
  "kafka",
  "audit",
  "recurrence",
  "notification",
  "realtime",
  "daprd-audit",
  "daprd-task-api",
  "postgres",
] as const;
export type Fault = (typeof FAULTS)[number];
/** A burst without a kill: the baseline the benchmark compares recovery times with. */
export const NO_FAULT = "none" as const;

/** What one fault did, for the suite's assertions and the benchmark's table. */
export interface FaultReport {
  readonly fault: Fault | typeof NO_FAULT;
  readonly tasks: number;
  /** Events of the burst in task-events (all of them reach audit, each once). */
  readonly events: number;
  /** task-events never recorded by audit when the deadline passed. */
  readonly lost: number;
  /** Effects that happened twice: audit rows per event, next occurrences, deliveries. */
  readonly duplicated: number;
  /** Messages that reached a dead-letter topic during the fault (none is poison). */
  readonly deadLettered: number;
  /** Completions of recurring tasks, and those that got exactly one next occurrence. */
  readonly completions: number;
  readonly nextOccurrences: number;
  /** Reminders due in the burst, and those delivered exactly once. */
  readonly reminders: number;
  readonly delivered: number;
  /** Tasks whose reminder was not delivered exactly once (the first few), to look up in the logs. */
  readonly undelivered: readonly string[];
  /** Kill to the process passing its health check again. */
  readonly restartMs: number;
  /** Kill to every effect of the burst being there. */
  readonly recoveryMs: number;
}

export interface FaultSystemOptions {
  /** Tasks per burst. @default 1000 */
  readonly tasks?: number;
  /** Longest a fault may take to recover completely. @default 180_000 */
  readonly recoveryTimeoutMs?: number;
}

const JWT_SECRET = "fault-suite-only-hs256-secret-0123456789";

/** Starts Kafka, Postgres, Redis, the Dapr control plane and all five services, restarting what dies. */
export async function startFaultSystem(options: FaultSystemOptions = {}) {
  const workDir = mkdtempSync(join(tmpdir(), "todo-faults-"));
  const logDir = join(workDir, "logs");
  const lines: string[] = [];
  const supervisor = new Supervisor({
    restartOnExit: true,
    log: (line) => lines.push(`${new Date().toISOString()} ${line}`),
  });
  try {
    const infra = await startInfrastructure(supervisor, { logDir });
    const admin = new pg.Client({ connectionString: infra.postgres.url });
    await admin.connect();
    await admin.query("CREATE DATABASE todo");
    await admin.end();
    const databaseUrl = infra.postgres.url.replace(/\/postgres$/, "/todo");
    const services = await startSystem(supervisor, infra.system, {
      services: serviceDefinitions.map((s) => s.name),
      workDir,
      logDir,
      databaseUrl,
      jwtSecret: JWT_SECRET,
      logLevel: "warn",
    });
    return new FaultSystem(supervisor, infra, services, databaseUrl, logDir, lines, options);
  } catch (err) {
    await supervisor.stopAll();
    throw err;
  }
}

type Infrastructure = Awaited<ReturnType<typeof startInfrastructure>>;

export class FaultSystem {
  private readonly kafka: Kafka;
  private readonly db: pg.Pool;
  private round = 0;

  constructor(
    private readonly supervisor: Supervisor,
    private readonly infra: Infrastructure,
    readonly services: Record<string, RunningService>,
    databaseUrl: string,
    readonly logDir: string,
    /** Deaths and restarts the supervisor reported. */
    readonly supervisorLog: readonly string[],
    private readonly options: FaultSystemOptions,
  ) {
    this.kafka = new Kafka({
      clientId: "todo-faults",
      brokers: [infra.kafka.bootstrapServers],
      logLevel: logLevel.NOTHING,
    });
    // Postgres is one of the faults: the pool reconnects after it comes back.
    this.db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    this.db.on("error", () => undefined);
  }

  get bootstrapServers(): string {
    return this.infra.kafka.bootstrapServers;
  }

  /** The supervised process a fault kills. */
  process(fault: Fault): ManagedProcess {
    if (fault === "kafka") return this.infra.kafka.process;
    if (fault === "postgres") return this.infra.postgres.process;
    if (fault.startsWith("daprd-")) return this.services[fault.slice(6)]!.daprd.process;
    return this.services[fault]!.process;
  }

  /** Messages on every dead-letter topic so far. */
  async deadLetterCount(): Promise<number> {
    return withAdmin(this.kafka, async (admin) => {
      let total = 0;
      for (const topic of Object.values(Topics).map(deadLetterTopic))
        for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high);
      return total;
    });
  }

  /**
   * A burst of `tasks` tasks for a user of its own; a third of the way in, kill -9 the
   * process of `fault`. Resolves once the process is healthy again and every effect of the
   * burst is there, or the recovery deadline passed (the report then counts what is missing).
   */
  async inject(fault: Fault | typeof NO_FAULT): Promise<FaultReport> {
    const tasks = this.options.tasks ?? 1000;
    const user = `fault-${++this.round}-${fault}`;
    const token = await signHs256Token(JWT_SECRET, user);
    const target = fault === NO_FAULT ? undefined : this.process(fault);
    const deadLettersBefore = await this.deadLetterCount();
    const restartsBefore = target?.restarts ?? 0;
    let killedAt = 0;
    const result: BurstResult = await burst({
      baseUrl: this.services["task-api"]!.url,
      user,
      token,
      tasks,
      onProgress: (done) => {
        if (killedAt === 0 && done >= tasks / 3) {
          killedAt = Date.now();
          if (target) process.kill(target.pid, "SIGKILL");
        }
      },
    });
    const deadline = killedAt + (this.options.recoveryTimeoutMs ?? 180_000);
    const restartMs = await until(deadline, async () => {
      if (target && (target.restarts <= restartsBefore || !target.up)) return undefined;
      return Date.now() - killedAt;
    });
    const check = () => this.effects(user, result);
    let effects = await check();
    while (!effects.complete && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      effects = await check().catch(() => effects);
    }
    const recoveryMs = Date.now() - killedAt;
    return {
      fault,
      tasks: result.created.length,
      events: effects.events,
      lost: effects.events - effects.audited,
      duplicated: effects.duplicated,
      deadLettered: (await this.deadLetterCount()) - deadLettersBefore,
      completions: result.completedRecurring.length,
      nextOccurrences: effects.nextOccurrences,
      reminders: result.withReminder.length,
      delivered: effects.delivered,
      undelivered: effects.undelivered,
      restartMs: restartMs ?? Number.NaN,
      recoveryMs: effects.complete ? recoveryMs : Number.NaN,
    };
  }

  /** Counts the burst's effects in the services' own tables. */
  private async effects(user: string, result: BurstResult) {
    const one = async (sql: string, params: unknown[]) =>
      Number((await this.db.query<{ n: string }>(sql, params)).rows[0]!.n);
    const events = await one(
      "SELECT count(*) AS n FROM task_api.outbox WHERE topic = 'task-events' AND event->'data'->>'user_id' = $1",
      [user],
    );
    const audited = await one(
      "SELECT count(DISTINCT event_id) AS n FROM audit.audit_log WHERE user_id = $1",
      [user],
    );
    const auditRows = await one("SELECT count(*) AS n FROM audit.audit_log WHERE user_id = $1", [
      user,
    ]);
    const series = result.completedRecurring.map((t) => t.series_id);
    const { rows: occurrences } = await this.db.query<{ series_id: string; n: string }>(
      `SELECT series_id, count(*) AS n FROM task_api.tasks
        WHERE series_id = ANY($1::uuid[]) GROUP BY series_id`,
      [series],
    );
    const nextOccurrences = occurrences.filter((o) => Number(o.n) === 2).length;
    const extraOccurrences = occurrences.reduce((sum, o) => sum + Math.max(0, Number(o.n) - 2), 0);
    const { rows: deliveries } = await this.db.query<{ task_id: string; n: string }>(
      `SELECT task_id, count(*) AS n FROM notification.notifications
        WHERE task_id = ANY($1::uuid[]) GROUP BY task_id`,
      [result.withReminder.map((t) => t.id)],
    );
    const deliveredOnce = new Set(
      deliveries.filter((d) => Number(d.n) === 1).map((d) => d.task_id),
    );
    const delivered = deliveredOnce.size;
    const undelivered = result.withReminder
      .map((t) => t.id)
      .filter((id) => !deliveredOnce.has(id))
      .slice(0, 5);
    const extraDeliveries = deliveries.reduce((sum, d) => sum + Math.max(0, Number(d.n) - 1), 0);
    const unsent = await one("SELECT count(*) AS n FROM task_api.outbox WHERE sent_at IS NULL", []);
    return {
      events,
      audited,
      nextOccurrences,
      delivered,
      undelivered,
      duplicated: auditRows - audited + extraOccurrences + extraDeliveries,
      complete:
        unsent === 0 &&
        audited === events &&
        nextOccurrences === series.length &&
        delivered === result.withReminder.length,
    };
  }

  /** Every supervised process healthy: what the suite checks before the next fault. */
  async allHealthy(): Promise<boolean> {
    const checks = await Promise.all(
      Object.values(this.services).map(async (s) => {
        const res = await fetch(`${s.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        return res.status === 200 && !s.daprd.process.exited;
      }),
    );
    return checks.every(Boolean) && !this.infra.kafka.process.exited;
  }

  async stop(): Promise<void> {
    await this.db.end().catch(() => undefined);
    await this.supervisor.stopAll();
  }
}

async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Polls `probe` every 100 ms until it returns a value or `deadline` passes (then undefined). */
async function until<T>(deadline: number, probe: () => Promise<T | undefined>) {
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
