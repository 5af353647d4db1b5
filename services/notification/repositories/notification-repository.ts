import type pg from "pg";
import type { Reminder } from "../domain/reminder.js";

/** A delivered notification as the read API returns it. */
export interface DeliveredNotification extends Reminder {
  readonly delivered_at: string;
}

/** Delivered notifications; the primary key (task_id, remind_at) makes delivery once-only. */
export class NotificationRepository {
  /** Records a delivery inside `client`'s transaction; false when it was delivered before. */
  async recordDelivery(client: pg.PoolClient, reminder: Reminder): Promise<boolean> {
    const { rowCount } = await client.query(
      "INSERT INTO notifications (task_id, remind_at, user_id, title) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
      [reminder.task_id, reminder.remind_at, reminder.user_id, reminder.title],
    );
    return rowCount === 1;
  }

  async listForUser(
    pool: pg.Pool,
    userId: string,
    limit: number,
  ): Promise<DeliveredNotification[]> {
    const { rows } = await pool.query(
      "SELECT task_id, user_id, title, remind_at, delivered_at FROM notifications WHERE user_id = $1 ORDER BY delivered_at DESC LIMIT $2",
      [userId, limit],
    );
    return rows.map((r) => ({
      ...r,
      remind_at: (r.remind_at as Date).toISOString(),
      delivered_at: (r.delivered_at as Date).toISOString(),
    }));
  }
}
