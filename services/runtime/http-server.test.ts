import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer } from "./http-server.js";
import { createLogger } from "./logger.js";
import { createMetrics } from "./metrics.js";

/** A server of the service "test" with a silent log and these readiness checks. */
const testServer = (readiness: Parameters<typeof createHttpServer>[0]["readiness"] = []) =>
  createHttpServer({
    service: "test",
    logger: createLogger("test", "silent"),
    metrics: createMetrics("test"),
    readiness,
  });

describe("createHttpServer", () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  afterEach(() => {
    process.off("warning", onWarning);
  });

  it("starts without a process warning, which would break the JSON-only log stream", async () => {
    process.on("warning", onWarning);
    const app = testServer();
    await app.ready();
    const res = await app.inject({ method: "GET", url: "/healthz" });
    await app.close();
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.statusCode).toBe(200);
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it("titles a too-large body 413 Payload Too Large", async () => {
    const app = testServer();
    app.post("/echo", async (req) => req.body);
    const res = await app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ title: "a".repeat(300 * 1024) }),
    });
    await app.close();
    expect(res.statusCode).toBe(413);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ status: 413, title: "Payload Too Large" });
  });

  it("answers malformed HTTP (raw non-ASCII in the URL) with problem+json", async () => {
    const app = testServer();
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as { port: number };
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () =>
        socket.end(Buffer.from("GET /api/u/tasks?q=straße HTTP/1.1\r\nHost: x\r\n\r\n", "utf8")),
      );
      let text = "";
      socket.on("data", (chunk) => (text += chunk));
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    await app.close();
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(response).toContain("Content-Type: application/problem+json");
    expect(JSON.parse(response.split("\r\n\r\n")[1]!)).toMatchObject({ status: 400 });
  });

  it("closes each connection after its response once draining, so keep-alive cannot hold shutdown", async () => {
    const app = testServer();
    app.post("/events", async () => ({ status: "SUCCESS" }));
    const before = await app.inject({ method: "POST", url: "/events", payload: {} });
    app.startDraining();
    const during = await app.inject({ method: "POST", url: "/events", payload: {} });
    await app.close();
    expect(before.headers.connection).not.toBe("close");
    expect(during.headers.connection).toBe("close");
  });

  it.each([
    ["bad percent-encoding", "/items/%ff", 400],
    ["a path segment over 256 characters", `/items/${"x".repeat(257)}`, 414],
  ])(
    "answers %s with problem+json naming the path, without echoing it (issue 12, finding 5)",
    async (_name, url, status) => {
      const app = testServer();
      app.get("/items/:id", async () => ({}));
      const res = await app.inject({ method: "GET", url });
      await app.close();
      expect(res.statusCode).toBe(status);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json()).toMatchObject({ status, errors: [{ field: "path" }] });
      expect(res.body).not.toContain(url.slice(7, 30));
    },
  );
});

describe("/readyz", () => {
  const readyz = async (readiness: Parameters<typeof testServer>[0]) => {
    const app = testServer(readiness);
    const res = await app.inject({ method: "GET", url: "/readyz" });
    await app.close();
    return { status: res.statusCode, body: res.json() };
  };
  const down = async () => {
    throw new Error("connection refused");
  };

  it("is 503 naming the failed check when a required dependency is down", async () => {
    expect(await readyz([{ name: "postgres", check: down }])).toEqual({
      status: 503,
      body: { status: "not ready", checks: { postgres: "connection refused" } },
    });
  });

  it("stays 200 but degraded, naming it, when a dependency it can do without is down", async () => {
    expect(
      await readyz([
        { name: "postgres", check: async () => true },
        { name: "broker", check: down, required: false },
      ]),
    ).toEqual({
      status: 200,
      body: { status: "degraded", checks: { postgres: "ok", broker: "connection refused" } },
    });
  });

  it("fails a check that does not answer in time instead of hanging", async () => {
    const hang = () => new Promise<boolean>(() => undefined);
    const started = Date.now();
    const { status, body } = await readyz([{ name: "postgres", check: hang }]);
    expect(status).toBe(503);
    expect(body.checks.postgres).toBe("no answer within 2000 ms");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
