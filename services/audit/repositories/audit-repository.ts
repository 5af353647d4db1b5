import type pg from "pg";
import type { CloudEvent, TaskEventData } from "../../shared/events/task-event.js";

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

/** The append-only audit log. */
export class AuditRepository {
  constructor(private readonly pool: pg.Pool) {}

  /** Appends an event; false when it was recorded before (redelivery). */
  async append(type: string, data: TaskEventData, envelope: CloudEvent<unknown>): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO audit_log (event_id, event_type, task_id, user_id, sequence, occurred_at, event)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      [
        data.event_id,
        type,
        data.task_id,
        data.user_id,
        data.sequence,
        data.occurred_at,
        JSON.stringify(envelope),
      ],
    );
    return rowCount === 1;
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
