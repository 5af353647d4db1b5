import type pg from "pg";
import type { CloudEvent, TaskEventData } from "../../domain/events/task-event.js";

/** One audit entry as the read API returns it. */
export interface AuditEntry {
  readonly id: number;
  readonly event_id: string;
  readonly event_type: string;
  readonly task_id: string;
  readonly sequence: number;
  readonly occurred_at: string;
  readonly recorded_at: string;
  readonly task: unknown;
}

/** One event to append: its CloudEvent type, upcast data and the envelope as received. */
export interface AuditEvent {
  readonly type: string;
  readonly data: TaskEventData;
  readonly envelope: CloudEvent<unknown>;
}

/** The append-only audit log. */
export class AuditRepository {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Appends events in one statement, in the given order (ids ascend with it); one result per
   * event: false when it was recorded before (redelivery, or twice in this batch).
   */
  async appendAll(events: readonly AuditEvent[]): Promise<boolean[]> {
    if (!events.length) return [];
    const params: unknown[] = [];
    const rows = events.map(({ type, data, envelope }) => {
      const at = params.length;
      params.push(
        data.event_id,
        type,
        data.task_id,
        data.user_id,
        data.sequence,
        data.occurred_at,
        JSON.stringify(envelope),
      );
      return `(${[1, 2, 3, 4, 5, 6, 7].map((n) => `$${at + n}`).join(", ")})`;
    });
    // Rows of a VALUES list are inserted in list order, so the ids keep the delivery order.
    const { rows: inserted } = await this.pool.query<{ event_id: string }>(
      `INSERT INTO audit_log (event_id, event_type, task_id, user_id, sequence, occurred_at, event)
       VALUES ${rows.join(", ")} ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      params,
    );
    const fresh = new Set(inserted.map((r) => r.event_id));
    // The first occurrence of an event id in the batch is the one that was inserted.
    return events.map(({ data }) => fresh.delete(data.event_id));
  }

  async list(
    userId: string,
    taskId: string | undefined,
    limit: number,
    afterId: number,
  ): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query(
      `SELECT id, event_id, event_type, task_id, sequence, occurred_at, recorded_at, event->'data'->'task' AS task
       FROM audit_log WHERE user_id = $1 AND ($2::uuid IS NULL OR task_id = $2) AND id > $3
       ORDER BY id LIMIT $4`,
      [userId, taskId ?? null, afterId, limit],
    );
    return rows.map((r) => ({
      ...r,
      id: Number(r.id),
      occurred_at: (r.occurred_at as Date).toISOString(),
      recorded_at: (r.recorded_at as Date).toISOString(),
    }));
  }
}
