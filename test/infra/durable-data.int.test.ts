import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createClient } from "redis";
import { afterAll, describe, expect, it } from "vitest";
import { startKafka } from "../../testbed/data-services/kafka.js";
import { startPostgres } from "../../testbed/data-services/postgres.js";
import { startRedis } from "../../testbed/data-services/redis.js";
import { defaultLocalDataDir } from "../../testbed/local/local-data-dir.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { readMessages, testKafka } from "./kafka-client.js";
import { requireInfra } from "./require-infra.js";

/**
 * `npm run local` keeps its data: Kafka, Postgres and Redis started again on the same data
 * folder (and new ports) still have what the previous run wrote.
 */
describe("kept data folders", () => {
  const root = mkdtempSync(join(tmpdir(), "todo-durable-"));
  // As root, Postgres runs as the postgres user, which must reach its folder.
  chmodSync(root, 0o755);
  const supervisor = new Supervisor();
  afterAll(async () => {
    await supervisor.stopAll();
    rmSync(root, { recursive: true, force: true });
  });

  it("keep Kafka topics and messages, Postgres tables and Redis keys across a stop and start", async () => {
    const { logDir } = requireInfra("kafka", "postgres", "redis");
    const dirs = {
      kafka: join(root, "kafka"),
      postgres: join(root, "pg"),
      redis: join(root, "redis"),
    };
    const first = await Promise.all([
      startKafka(supervisor, { logDir, name: "kafka-kept", dataDir: dirs.kafka }),
      startPostgres(supervisor, { logDir, name: "postgres-kept", dataDir: dirs.postgres }),
      startRedis(supervisor, { logDir, name: "redis-kept", dataDir: dirs.redis }),
    ]);
    const [kafka1, postgres1, redis1] = first;
    const producer = testKafka(kafka1.bootstrapServers).producer();
    await producer.connect();
    await producer.send({ topic: "kept", messages: [{ key: "k", value: "survives" }] });
    await producer.disconnect();
    const db1 = new pg.Client({ connectionString: postgres1.url });
    await db1.connect();
    await db1.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
    await db1.end();
    const r1 = createClient({ url: redis1.url });
    await r1.connect();
    await r1.set("kept", "survives");
    r1.destroy();
    await Promise.all(first.map((c) => c.stop()));

    const [kafka2, postgres2, redis2] = await Promise.all([
      startKafka(supervisor, { logDir, name: "kafka-kept", dataDir: dirs.kafka }),
      startPostgres(supervisor, { logDir, name: "postgres-kept", dataDir: dirs.postgres }),
      startRedis(supervisor, { logDir, name: "redis-kept", dataDir: dirs.redis }),
    ]);
    const [message] = await readMessages(testKafka(kafka2.bootstrapServers), "kept", 1, 60_000);
    expect(message!.value).toBe("survives");
    const db2 = new pg.Client({ connectionString: postgres2.url });
    await db2.connect();
    expect((await db2.query("SELECT v FROM kept")).rows).toEqual([{ v: "survives" }]);
    await db2.end();
    const r2 = createClient({ url: redis2.url });
    await r2.connect();
    expect(await r2.get("kept")).toBe("survives");
    r2.destroy();
  }, 240_000);

  it("keep Postgres in the default folder of `npm run local`, also as root (a private home would refuse the postgres user)", async () => {
    const { logDir } = requireInfra("postgres");
    const folder = join(defaultLocalDataDir(), `postgres-probe-${process.pid}`);
    try {
      const postgres = await startPostgres(supervisor, {
        logDir,
        name: "postgres-default",
        dataDir: folder,
      });
      const db = new pg.Client({ connectionString: postgres.url });
      await db.connect();
      expect((await db.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
      await db.end();
      await postgres.stop();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
