import { describe, expect, it } from "vitest";
import { z } from "zod";
import { serviceDefinition } from "../task-api/service-definition.js";
import { baseConfigSchema, ConfigError, loadConfig } from "./config.js";

const schema = baseConfigSchema(serviceDefinition).extend({
  DATABASE_URL: z.string().regex(/^postgres:\/\//, "must be a postgres:// URL"),
});

const APP_API_TOKEN = "unit-test-app-api-token-0123456789abcdef";

describe("loadConfig", () => {
  it("applies defaults", () => {
    const config = loadConfig("svc", schema, { DATABASE_URL: "postgres://x", APP_API_TOKEN });
    expect(config).toMatchObject({
      PORT: 8080,
      DAPR_HTTP_PORT: 3500,
      LOG_LEVEL: "info",
      SECRET_STORE_NAME: "secretstore",
    });
  });

  it("fails naming every bad variable and its value", () => {
    let error: unknown;
    try {
      loadConfig("svc", schema, { PORT: "99999", LOG_LEVEL: "loud", DATABASE_URL: "mysql://x" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^svc: invalid configuration/);
    expect(message).toMatch(/PORT: .*\(got '99999'\)/);
    expect(message).toMatch(/LOG_LEVEL: .*\(got 'loud'\)/);
    expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL \(got 'mysql:\/\/x'\)/);
  });

  it("fails without APP_API_TOKEN, and never echoes a credential", () => {
    expect(() => loadConfig("svc", schema, { DATABASE_URL: "postgres://x" })).toThrow(
      /APP_API_TOKEN: /,
    );
    let message = "";
    try {
      loadConfig("svc", schema, { DATABASE_URL: "postgres://x", APP_API_TOKEN: "short-token" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/APP_API_TOKEN: must be at least 32 characters/);
    expect(message).not.toContain("short-token");
  });
});
