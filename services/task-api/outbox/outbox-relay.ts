import type pg from "pg";
import { Gauge, Counter, type Registry } from "prom-client";
import type { DaprClient } from "../../shared/dapr/dapr-client.js";
import type { Logger } from "../../shared/logger.js";
import { childContext, parseTraceparent, runInTrace } from "../../shared/trace-context.js";
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
}

/** Any number; only one relay of all task-api replicas drains at a time (keeps per-task order). */
const RELAY_LOCK_KEY = 7_310_000_001;

/**
 * Publishes outbox rows through Dapr pub/sub with the task id as partition key, then marks
 * them sent. Rows of one task are published strictly in order and a failed row stops the rows
 * after it for that task, so a broker outage delays events but never loses or reorders them.
 * Triggered after each commit (low latency) and by the `outbox-sweep` cron binding (catch-up).
 */
export class OutboxRelay {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly batchSize: number;
  private readonly published: Counter;
  private readonly failures: Counter;
  private readonly pendingGauge: Gauge;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
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
    this.pendingGauge = new Gauge({
      name: "outbox_pending",
      help: "Unsent outbox events at the last drain",
      registers: [options.registry],
    });
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
      this.pendingGauge.set(entries.length - sent.length);
      return failed.length === 0 && entries.length === this.batchSize;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Partitions run concurrently; within one partition key, strictly sequential, stopping at the first failure. */
  private async publishInOrder(
    entries: OutboxEntry[],
  ): Promise<{ sent: string[]; failed: { id: string; error: string }[] }> {
    const byKey = new Map<string, OutboxEntry[]>();
    for (const e of entries) byKey.set(e.partitionKey, [...(byKey.get(e.partitionKey) ?? []), e]);
    const sent: string[] = [];
    const failed: { id: string; error: string }[] = [];
    await Promise.all(
      [...byKey.values()].map(async (group) => {
        for (const entry of group) {
          try {
            const trace = childContext(parseTraceparent(entry.event.traceparent));
            await runInTrace(trace, () =>
              this.options.dapr.publish(this.options.pubsubName, entry.topic, entry.event, {
                partitionKey: entry.partitionKey,
              }),
            );
            sent.push(entry.id);
            this.published.inc();
          } catch (err) {
            failed.push({ id: entry.id, error: (err as Error).message });
            this.failures.inc();
            return;
          }
        }
      }),
    );
    if (failed.length)
      this.options.logger.warn(
        { failed: failed.length, error: failed[0]!.error },
        "outbox publish failed; will retry",
      );
    return { sent, failed };
  }
}
