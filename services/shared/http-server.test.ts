import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer } from "./http-server.js";
import { createLogger } from "./logger.js";
import { createMetrics } from "./metrics.js";

describe("createHttpServer", () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  afterEach(() => {
    process.off("warning", onWarning);
  });

  it("starts without a process warning, which would break the JSON-only log stream", async () => {
    process.on("warning", onWarning);
    const app = createHttpServer({
      service: "test",
      logger: createLogger("test", "silent"),
      metrics: createMetrics("test"),
      readiness: [],
    });
    await app.ready();
    const res = await app.inject({ method: "GET", url: "/healthz" });
    await app.close();
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.statusCode).toBe(200);
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });
});
