import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineService } from "../service-definition.js";
import { baseConfigSchema, ConfigError, loadConfig, serviceConfigSchema } from "./config.js";

const definition = defineService({ name: "svc", port: 8080, exposure: "internal" });
const schema = baseConfigSchema(definition).extend({
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

describe("serviceConfigSchema", () => {
  const settings = (options: Parameters<typeof defineService>[0]) =>
    Object.keys(serviceConfigSchema(defineService(options)).shape);
  const base = Object.keys(baseConfigSchema(definition).shape);

  it("has only the shared settings for a service that verifies no users and owns no schema", () => {
    expect(settings({ name: "svc", port: 8080, exposure: "internal" })).toEqual(base);
  });

  it("adds the auth settings when the service verifies user tokens", () => {
    expect(
      settings({ name: "svc", port: 8080, exposure: "public", authenticatesUsers: true }),
    ).toEqual([
      ...base,
      "AUTH_JWKS_URL",
      "AUTH_HS256_SECRET",
      "AUTH_ISSUER",
      "AUTH_AUDIENCE",
      "AUTH_MAX_TOKEN_LIFETIME_SECONDS",
      "AUTH_CLOCK_SKEW_SECONDS",
    ]);
  });

  it("adds the database settings, defaulting to its schema, when it owns one; then its own", () => {
    const owner = defineService({
      name: "svc",
      port: 8080,
      exposure: "internal",
      databaseSchema: "svc_data",
    });
    const schema = serviceConfigSchema(owner, { BATCH: z.coerce.number().default(5) });
    expect(Object.keys(schema.shape)).toEqual([
      ...base,
      "DATABASE_URL",
      "DATABASE_SCHEMA",
      "DATABASE_POOL_MAX",
      "BATCH",
    ]);
    const config = loadConfig("svc", schema, { APP_API_TOKEN });
    expect(config).toMatchObject({ DATABASE_SCHEMA: "svc_data", DATABASE_POOL_MAX: 20, BATCH: 5 });
  });
});
