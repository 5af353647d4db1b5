import pg from "pg";
import { describe, expect, it } from "vitest";
import { createPool } from "../../services/runtime/db/pool.js";
import { requireInfra } from "../infra/require-infra.js";
import { pollUntil } from "./support/poll.js";

/**
 * Postgres going away while a service drains sends 57P01 ("terminating connection due to
 * administrator command") to every session, also to a client checked out between two queries
 * (task-api's outbox relay while it waits for the sidecar). That must not be an uncaught
 * 'error' event, which ends the process.
 */
describe("createPool", () => {
  it("survives a checked-out client's session being terminated (57P01)", async () => {
    const { postgresUrl } = requireInfra("postgres");
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.prependListener("uncaughtException", onUncaught);
    const pool = createPool(postgresUrl, "public", 2);
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
      const failure = await pollUntil("the terminated session to fail its next query", () =>
        client.query("SELECT 1").then(
          () => false,
          (err: Error) => err,
        ),
      );
      client.release(failure);
      expect(uncaught).toEqual([]);
      // The pool replaces the lost connection.
      expect((await pool.query<{ ok: number }>("SELECT 1 AS ok")).rows[0]!.ok).toBe(1);
    } finally {
      process.off("uncaughtException", onUncaught);
      await admin.end();
      await pool.end();
    }
  });
});
