import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, freePorts, retryOnPortClash } from "./ports.js";

describe("freePort", () => {
  it("hands out distinct loopback ports that can be bound", async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], "127.0.0.1", resolve));
    server.close();
    expect(await freePort()).not.toBe(ports[0]);
  });
});

describe("retryOnPortClash", () => {
  it("starts again when the port was taken in the meantime", async () => {
    let calls = 0;
    const result = await retryOnPortClash(async () => {
      calls++;
      if (calls === 1)
        throw new Error("redis exited before it became healthy: bind: Address already in use");
      return "started";
    });
    expect(result).toBe("started");
    expect(calls).toBe(2);
  });

  it("gives up after the given attempts", async () => {
    let calls = 0;
    const start = () => {
      calls++;
      return Promise.reject(new Error("listen tcp 127.0.0.1:1: bind: address already in use"));
    };
    await expect(retryOnPortClash(start, 3)).rejects.toThrow(/address already in use/);
    expect(calls).toBe(3);
  });

  it("does not retry other failures", async () => {
    let calls = 0;
    const start = () => {
      calls++;
      return Promise.reject(new Error("config invalid"));
    };
    await expect(retryOnPortClash(start)).rejects.toThrow("config invalid");
    expect(calls).toBe(1);
  });
});
