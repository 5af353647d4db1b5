import type pg from "pg";
import { Gauge, Counter, type Registry } from "prom-client";
import type { DaprClient } from "../../runtime/dapr/dapr-client.js";
import type { Logger } from "../../runtime/logger.js";
import type { OutboxEntry, OutboxRepository } from "../repositories/outbox-repository.js";

export interface OutboxRelayOptions {
  readonly pool: pg.Pool;
  readonly outbox: OutboxRepository;
  readonly dapr: DaprClient;
  readonly pubsubName: string;
  readonly logger: Logger;
  readonly registry: Registry;
  /** @default 200 */
  readonly batchSize?: number;
  /**
   * How long a kick waits for more commits before draining, in ms: under load one pass then
   * carries many events (one bulk publish, one Kafka produce request per topic) instead of
   * one or two, for at most this much extra latency. 0 drains at once. @default 5
   */
  readonly lingerMs?: number;
}

/** Any number; only one relay of all task-api replicas drains at a time (keeps per-task order). */
const RELAY_LOCK_KEY = 7_310_000_001;

/**
 * Publishes outbox rows through Dapr bulk pub/sub with the task id as partition key, then marks
 * them sent. Rows are sent in outbox order, one relay at a time, so one task's events reach its
 * partition in order; a broker outage leaves rows unsent (retried by the next pass), never lost.
 * Triggered after each commit (low latency) and by the `outbox-sweep` cron binding (catch-up).
 */
export class OutboxRelay {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly published: Counter;
  private readonly failures: Counter;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.lingerMs = options.lingerMs ?? 5;
    this.published = new Counter({
      name: "outbox_published_total",
      help: "Outbox events published",
      registers: [options.registry],
    });
    this.failures = new Counter({
      name: "outbox_publish_failures_total",
      help: "Failed outbox publish attempts",
      registers: [options.registry],
    });
    // Read from the table at scrape time: a relay that cannot drain (broker down) still reports.
    const backlog = () => options.outbox.backlog(options.pool);
    let last = { pending: 0, oldestAgeSeconds: 0 };
    const read = async () => (last = await backlog().catch(() => last));
    const backlogGauge = (name: string, help: string, value: (backlog: typeof last) => number) =>
      new Gauge({
        name,
        help,
        registers: [options.registry],
        async collect() {
          this.set(value(await read()));
        },
      });
    backlogGauge("outbox_pending", "Outbox events not yet published", (b) => b.pending);
    backlogGauge(
      "outbox_oldest_pending_age_seconds",
      "Age of the oldest outbox event not yet published (0 when none)",
      (b) => b.oldestAgeSeconds,
    );
  }

  /** Requests a drain; concurrent requests coalesce into one more pass. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          await this.linger();
          this.again = false;
          while (await this.drainOnce()) {
            /* full batch sent: more may wait */
          }
        } while (this.again && !this.stopped);
      } catch (err) {
        this.options.logger.warn({ err }, "outbox drain failed; the next sweep retries");
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Lets commits that arrive meanwhile join the next pass (skipped when stopping). */
  private async linger(): Promise<void> {
    if (this.lingerMs > 0 && !this.stopped)
      await new Promise((resolve) => setTimeout(resolve, this.lingerMs));
  }

  /** Stops triggering new drains and waits for the one in flight (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** One batch; true when everything in a full batch was sent (call again). */
  private async drainOnce(): Promise<boolean> {
    const { pool, outbox } = this.options;
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_xact_lock($1) AS locked",
        [RELAY_LOCK_KEY],
      );
      if (!rows[0]!.locked) {
        await client.query("COMMIT");
        this.again = true;
        return false;
      }
      const entries = await outbox.pending(client, this.batchSize);
      const { sent, failed } = await this.publishInOrder(entries);
      await outbox.markSent(client, sent);
      for (const f of failed) await outbox.markFailed(client, f.id, f.error);
      await client.query("COMMIT");
      return failed.length === 0 && entries.length === this.batchSize;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** One bulk publish per topic: one Kafka producer batch, in outbox (= per-task) order. */
  private async publishInOrder(
    entries: OutboxEntry[],
  ): Promise<{ sent: string[]; failed: { id: string; error: string }[] }> {
    const byTopic = new Map<string, OutboxEntry[]>();
    for (const e of entries) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    const failedIds = new Set<string>();
    let error = "";
    await Promise.all(
      [...byTopic].map(async ([topic, group]) => {
        try {
          const failed = await this.options.dapr.publishBulk(
            this.options.pubsubName,
            topic,
            group.map((e) => ({ id: e.id, event: e.event, partitionKey: e.partitionKey })),
          );
          for (const id of failed) failedIds.add(id);
          if (failed.size) error = `${failed.size} entries of a bulk publish to '${topic}' failed`;
        } catch (err) {
          for (const e of group) failedIds.add(e.id);
          error = (err as Error).message;
        }
      }),
    );
    // An entry that made it is in Kafka: mark it sent even if an earlier entry of its key
    // failed (rare: one batch goes to one partition leader); consumers order by `sequence`.
    const sent = entries.filter((e) => !failedIds.has(e.id)).map((e) => e.id);
    const failed = entries.filter((e) => failedIds.has(e.id)).map((e) => ({ id: e.id, error }));
    this.published.inc(sent.length);
    if (failed.length) {
      this.failures.inc(failed.length);
      this.options.logger.warn(
        { failed: failed.length, error },
        "outbox publish failed; will retry",
      );
    }
    return { sent, failed };
  }
}
