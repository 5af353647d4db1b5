import { describe, expect, it } from "vitest";
import { newTaskEvent, PoisonEventError } from "../events/task-event.js";
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

describe("registerSubscriptions with bulk", () => {
  /** A bulk subscription whose handler fails the envelopes that have no `id`. */
  async function bulkSubscriber() {
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
          handle: async () => "success",
          bulk: {
            maxMessages: 50,
            handleBatch: async (envelopes) =>
              envelopes.map((e) => (e.id ? "success" : new PoisonEventError("no id"))),
          },
        },
      ],
      { logger: createLogger("test", "silent"), metrics: createMetrics("test") },
    );
    await app.ready();
    return app;
  }

  it("declares bulkSubscribe with its dead-letter topic", async () => {
    const app = await bulkSubscriber();
    const res = await app.inject({ method: "GET", url: "/dapr/subscribe" });
    await app.close();
    expect(res.json()).toEqual([
      expect.objectContaining({
        topic: Topics.taskEvents,
        deadLetterTopic: "task-events.dlt",
        bulkSubscribe: { enabled: true, maxMessagesCount: 50, maxAwaitDurationMs: 20 },
      }),
    ]);
  });

  it("answers one status per entry: a failed entry is retried alone", async () => {
    const app = await bulkSubscriber();
    const res = await app.inject({
      method: "POST",
      url: "/events/task-events",
      payload: {
        entries: [
          { entryId: "0", event: { id: "a", type: "t" } },
          { entryId: "1", event: { type: "t" } },
          { entryId: "2", event: { id: "c", type: "t" } },
        ],
      },
    });
    await app.close();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      statuses: [
        { entryId: "0", status: "SUCCESS" },
        { entryId: "1", status: "RETRY" },
        { entryId: "2", status: "SUCCESS" },
      ],
    });
  });
});
