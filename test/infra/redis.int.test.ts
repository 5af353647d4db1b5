import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireInfra } from "./require-infra.js";

type RedisClient = ReturnType<typeof createClient>;

describe("Redis (throw-away Debian redis-server)", () => {
  let client: RedisClient;
  let subscriber: RedisClient;

  beforeAll(async () => {
    const { redisUrl } = requireInfra("redis");
    client = createClient({ url: redisUrl });
    subscriber = client.duplicate();
    await Promise.all([client.connect(), subscriber.connect()]);
  });
  afterAll(async () => {
    await Promise.all([client?.close(), subscriber?.close()]);
  });

  it("round-trips SET/GET", async () => {
    await client.set("infra:roundtrip", "value-1");
    expect(await client.get("infra:roundtrip")).toBe("value-1");
  });

  it("expires keys with a TTL", async () => {
    await client.set("infra:expiring", "soon gone", { expiration: { type: "PX", value: 150 } });
    expect(await client.get("infra:expiring")).toBe("soon gone");
    const deadline = Date.now() + 5_000;
    while ((await client.exists("infra:expiring")) === 1) {
      if (Date.now() > deadline) throw new Error("key with a 150 ms TTL still exists after 5 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await client.get("infra:expiring")).toBeNull();
  });

  it("delivers pub/sub messages", async () => {
    const received = new Promise<string>((resolve) => {
      void subscriber.subscribe("infra:channel", (message) => resolve(message));
    });
    // SUBSCRIBE resolves once the server confirmed it; until then a publish reaches nobody.
    const deadline = Date.now() + 5_000;
    while ((await client.publish("infra:channel", "hello")) === 0) {
      if (Date.now() > deadline) throw new Error("no subscriber registered within 5 s");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await received).toBe("hello");
  });
});
