import { describe, expect, it } from "vitest";
import { newTaskEvent } from "../events/task-event.js";
import type { TaskSnapshot } from "../events/task-snapshot.js";
import { Topics } from "../events/topics.js";
import { createHttpServer } from "../http-server.js";
import { createLogger } from "../logger.js";
import { createMetrics } from "../metrics.js";
import { childContext, currentTrace, formatTraceparent, runInTrace } from "../trace-context.js";
import { registerSubscriptions } from "./subscriptions.js";

/** A server with one subscription that records the trace its handler runs in. */
async function subscriber() {
  const seen: (string | undefined)[] = [];
  const app = createHttpServer({
    service: "test",
    logger: createLogger("test", "silent"),
    metrics: createMetrics("test"),
    readiness: [],
  });
  registerSubscriptions(
    app,
    [
      {
        topic: Topics.taskEvents,
        route: "/events/task-events",
        handle: async () => {
          seen.push(currentTrace()?.traceId);
          return "success";
        },
      },
    ],
    { logger: createLogger("test", "silent"), metrics: createMetrics("test") },
  );
  await app.ready();
  return { app, seen };
}

const task = { id: "5f0c3c58-8a43-4d7f-9d41-2b8f6f3f2a11", user_id: "u" } as TaskSnapshot;

describe("registerSubscriptions", () => {
  it("continues the producing request's trace even though daprd rewrote traceparent", async () => {
    const request = childContext(undefined);
    const event = runInTrace(request, () => newTaskEvent("created", task, 1));
    // What daprd delivers after a (bulk) publish: traceparent is the publish call's trace.
    const publishCall = formatTraceparent(childContext(undefined));
    const { app, seen } = await subscriber();
    const res = await app.inject({
      method: "POST",
      url: "/events/task-events",
      headers: { traceparent: publishCall },
      payload: { ...event, traceparent: publishCall },
    });
    await app.close();
    expect(res.statusCode).toBe(200);
    expect(seen).toEqual([request.traceId]);
  });

  it("continues the delivery's trace header for an event without an origin trace", async () => {
    const delivery = childContext(undefined);
    const { app, seen } = await subscriber();
    await app.inject({
      method: "POST",
      url: "/events/task-events",
      headers: { traceparent: formatTraceparent(delivery) },
      payload: { specversion: "1.0", id: "e", type: "t", source: "s", data: {} },
    });
    await app.close();
    expect(seen).toEqual([delivery.traceId]);
  });
});
