import { describe, expect, it } from "vitest";
import { defineService, type ServiceDefinitionOptions } from "../service-definition.js";
import { signHs256Token } from "./auth.js";
import { loadConfig, serviceConfigSchema } from "./config.js";
import { DaprClient } from "./dapr/dapr-client.js";
import { createLogger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { createServiceApp, type ServiceAppOptions } from "./service-app.js";

const APP_API_TOKEN = "unit-test-app-api-token-0123456789abcdef";
const AUTH_HS256_SECRET = "unit-test-hs256-secret-0123456789abcdef";
const sidecar = { "dapr-api-token": APP_API_TOKEN };

/** The app of a service `options` define, with a sidecar that is not there. */
async function serviceApp(app: ServiceAppOptions, options: Partial<ServiceDefinitionOptions> = {}) {
  const definition = defineService({ name: "svc", port: 8080, exposure: "public", ...options });
  const config = loadConfig("svc", serviceConfigSchema(definition), { APP_API_TOKEN });
  const service = createServiceApp(
    {
      definition,
      config,
      logger: createLogger("svc", "silent"),
      dapr: new DaprClient({ host: "127.0.0.1", httpPort: 9 }),
      metrics: createMetrics("svc"),
      hs256Secret: AUTH_HS256_SECRET,
    },
    app,
  );
  await service.ready();
  return service;
}

describe("createServiceApp", () => {
  it("declares its subscriptions, on /events/<topic>, to its sidecar only", async () => {
    const app = await serviceApp({
      readiness: [],
      subscriptions: [{ topic: "orders", handle: async () => "success" }],
    });
    const declared = await app.inject({ url: "/dapr/subscribe", headers: sidecar });
    const delivered = await app.inject({
      method: "POST",
      url: "/events/orders",
      headers: sidecar,
      payload: { id: "e", type: "t" },
    });
    const forged = await app.inject({ method: "POST", url: "/events/orders", payload: {} });
    await app.close();
    expect(declared.json()).toEqual([
      {
        pubsubname: "pubsub",
        topic: "orders",
        route: "/events/orders",
        deadLetterTopic: "orders.dlt",
      },
    ]);
    expect(delivered.json()).toEqual({ status: "SUCCESS" });
    expect(forged.statusCode).toBe(401);
  });

  it("has no /dapr/subscribe without subscriptions, and its other sidecar routes behind the token", async () => {
    const app = await serviceApp({
      readiness: [],
      sidecarRoutes: (scope) => scope.post("/internal/ping", async () => ({ pong: true })),
    });
    const subscribe = await app.inject({ url: "/dapr/subscribe", headers: sidecar });
    const ping = await app.inject({ method: "POST", url: "/internal/ping", headers: sidecar });
    const forged = await app.inject({ method: "POST", url: "/internal/ping" });
    await app.close();
    expect(subscribe.statusCode).toBe(404);
    expect(ping.json()).toEqual({ pong: true });
    expect(forged.statusCode).toBe(401);
  });

  it("gives its routes for users the verifier of their tokens", async () => {
    const app = await serviceApp(
      {
        readiness: [],
        routes: (app, verify) =>
          app.get("/me", async (req) => (await verify(req.headers.authorization)).userId),
      },
      { authenticatesUsers: true },
    );
    const token = await signHs256Token(AUTH_HS256_SECRET, "alice");
    const signed = await app.inject({ url: "/me", headers: { authorization: `Bearer ${token}` } });
    const anonymous = await app.inject({ url: "/me" });
    await app.close();
    expect(signed.body).toBe("alice");
    expect(anonymous.statusCode).toBe(401);
  });

  it("fails when a service with routes for users does not verify user tokens", async () => {
    await expect(serviceApp({ readiness: [], routes: () => undefined })).rejects.toThrow(
      "svc: routes for users verify their tokens: set authenticatesUsers",
    );
  });
});
