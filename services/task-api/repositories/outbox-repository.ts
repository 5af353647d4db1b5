import type { CloudEvent } from "../../domain/events/task-event.js";
import type { Queryable } from "./task-repository.js";

/** An event waiting in the outbox. */
export interface OutboxEntry {
  readonly id: string;
  readonly topic: string;
  readonly partitionKey: string;
  readonly event: CloudEvent<unknown>;
}

/** The transactional outbox table: rows are added inside the task's transaction. */
export class OutboxRepository {
  async add(
    db: Queryable,
    event: CloudEvent<unknown>,
    topics: readonly string[],
    partitionKey: string,
  ): Promise<void> {
    // One statement for all topics: one round trip inside the caller's transaction. Rows are
    // inserted in `topics` order, so the outbox ids keep that order.
    if (!topics.length) return;
    await db.query(
      `INSERT INTO outbox (event_id, topic, partition_key, event)
       SELECT $1::uuid, topic, $3::text, $4::jsonb FROM unnest($2::text[]) WITH ORDINALITY AS t(topic, n) ORDER BY n`,
      [event.id, topics, partitionKey, JSON.stringify(event)],
    );
  }

  /** Oldest unsent entries, in insertion order. */
  async pending(db: Queryable, limit: number): Promise<OutboxEntry[]> {
    const { rows } = await db.query<{
      id: string;
      topic: string;
      partition_key: string;
      event: CloudEvent<unknown>;
    }>(
      "SELECT id, topic, partition_key, event FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1",
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      partitionKey: r.partition_key,
      event: r.event,
    }));
  }

  async markSent(db: Queryable, ids: readonly string[]): Promise<void> {
    if (ids.length)
      await db.query(
        "UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])",
        [ids],
      );
  }

  async markFailed(db: Queryable, id: string, error: string): Promise<void> {
    await db.query("UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1", [
      id,
      error.slice(0, 1000),
    ]);
  }

  /** How many events wait to be sent, and how long the oldest has waited (0 when none). */
  async backlog(db: Queryable): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const { rows } = await db.query<{ n: string; age: string | null }>(
      `SELECT count(*) AS n, extract(epoch FROM now() - min(created_at)) AS age
       FROM outbox WHERE sent_at IS NULL`,
    );
    return { pending: Number(rows[0]!.n), oldestAgeSeconds: Number(rows[0]!.age ?? 0) };
  }
}
