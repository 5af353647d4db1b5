import type pg from "pg";

/** SQL for the table every consumer keeps (in its own schema) to make event handling idempotent. */
export const PROCESSED_EVENTS_DDL = `
CREATE TABLE IF NOT EXISTS processed_events (
  event_id     text        PRIMARY KEY,
  processed_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Claims an event inside the caller's transaction: true the first time, false for a
 * redelivery. The effect and the claim commit together, so an event has its effect once.
 */
export async function claimEvent(client: pg.PoolClient, eventId: string): Promise<boolean> {
  const { rowCount } = await client.query(
    "INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING",
    [eventId],
  );
  return rowCount === 1;
}
