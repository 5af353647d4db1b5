import { describe, expect, it } from "vitest";
import { createHttpServer } from "../http-server.js";
import { createLogger } from "../logger.js";
import { createMetrics } from "../metrics.js";
import { registerSidecarRoutes } from "./sidecar-routes.js";

const TOKEN = "unit-test-app-api-token-0123456789abcdef";

async function server() {
  let calls = 0;
  const app = createHttpServer({
    service: "test",
    logger: createLogger("test", "silent"),
    metrics: createMetrics("test"),
    readiness: [],
  });
  registerSidecarRoutes(app, TOKEN, (sidecar) => {
    sidecar.post("/events/task-events", async () => ({ status: "SUCCESS", calls: ++calls }));
  });
  app.get("/public", async () => ({ ok: true }));
  await app.ready();
  return { app, calls: () => calls };
}

describe("registerSidecarRoutes", () => {
  it.each([
    ["no token", {}],
    ["a wrong token", { "dapr-api-token": "x".repeat(TOKEN.length) }],
    ["a prefix of the token", { "dapr-api-token": TOKEN.slice(0, -1) }],
    ["only a forged caller id", { "dapr-caller-app-id": "recurrence" }],
  ])("refuses %s with 401 problem+json before the handler runs", async (_name, headers) => {
    const { app, calls } = await server();
    const res = await app.inject({ method: "POST", url: "/events/task-events", headers });
    await app.close();
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().errors).toEqual([
      { field: "header.dapr-api-token", message: expect.any(String) },
    ]);
    expect(calls()).toBe(0);
  });

  it("passes the sidecar's token and leaves routes outside the scope alone", async () => {
    const { app, calls } = await server();
    const res = await app.inject({
      method: "POST",
      url: "/events/task-events",
      headers: { "dapr-api-token": TOKEN },
    });
    const open = await app.inject({ method: "GET", url: "/public" });
    await app.close();
    expect(res.statusCode).toBe(200);
    expect(calls()).toBe(1);
    expect(open.statusCode).toBe(200);
  });
});
