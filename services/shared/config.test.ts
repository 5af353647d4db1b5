import { describe, expect, it } from "vitest";
import { z } from "zod";
import { baseConfigSchema, ConfigError, loadConfig, portSchema } from "./config.js";

const schema = baseConfigSchema.extend({
  PORT: portSchema.default(8080),
  DATABASE_URL: z.string().regex(/^postgres:\/\//, "must be a postgres:// URL"),
});

describe("loadConfig", () => {
  it("applies defaults", () => {
    const config = loadConfig("svc", schema, { DATABASE_URL: "postgres://x" });
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
});
