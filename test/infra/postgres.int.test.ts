import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireInfra } from "./require-infra.js";

describe("PostgreSQL (throw-away Debian cluster)", () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: requireInfra("postgres").postgresUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  it("round-trips rows through a real table", async () => {
    await client.query(
      "create table infra_roundtrip (id serial primary key, title text not null, tags text[])",
    );
    try {
      await client.query("insert into infra_roundtrip (title, tags) values ($1, $2), ($3, $4)", [
        "first",
        ["a", "b"],
        "second",
        [],
      ]);
      const { rows } = await client.query<{ title: string; tags: string[] }>(
        "select title, tags from infra_roundtrip order by id",
      );
      expect(rows).toEqual([
        { title: "first", tags: ["a", "b"] },
        { title: "second", tags: [] },
      ]);
    } finally {
      await client.query("drop table infra_roundtrip");
    }
  });

  it("enforces constraints and rolls back transactions (a real server, not a stub)", async () => {
    await client.query("create table infra_unique (email text primary key)");
    try {
      await client.query("begin");
      await client.query("insert into infra_unique values ('a@example.com')");
      await client.query("rollback");
      await client.query("insert into infra_unique values ('a@example.com')");
      await expect(
        client.query("insert into infra_unique values ('a@example.com')"),
      ).rejects.toMatchObject({
        code: "23505",
      });
      const { rows } = await client.query<{ n: string }>("select count(*) as n from infra_unique");
      expect(rows[0]?.n).toBe("1");
    } finally {
      await client.query("drop table infra_unique");
    }
  });

  it("requires the password on TCP", async () => {
    const url = new URL(requireInfra("postgres").postgresUrl);
    url.password = "wrong";
    const intruder = new pg.Client({ connectionString: url.toString() });
    await expect(intruder.connect()).rejects.toMatchObject({ code: "28P01" });
    await intruder.end().catch(() => undefined);
  });
});
