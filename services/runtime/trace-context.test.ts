import { TraceFlags } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { eventTrace, eventTraceAttributes } from "./dapr/event-trace.js";
import {
  childContext,
  currentTrace,
  extractTrace,
  runInTrace,
  traceFields,
} from "./trace-context.js";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

describe("extractTrace", () => {
  it("reads traceparent and keeps tracestate", () => {
    const span = extractTrace({ traceparent: TRACEPARENT, tracestate: TRACESTATE })!;
    expect(span).toMatchObject({
      traceId: TRACE_ID,
      spanId: "00f067aa0ba902b7",
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(span.traceState?.get("congo")).toBe("t61rcWkgMzE");
    expect(traceFields(span)).toEqual({ traceparent: TRACEPARENT, tracestate: TRACESTATE });
  });

  it("reads the first of repeated traceparent headers and joins repeated tracestate headers", () => {
    const span = extractTrace({ traceparent: [TRACEPARENT], tracestate: ["congo=a", "rojo=b"] })!;
    expect(traceFields(span)).toEqual({ traceparent: TRACEPARENT, tracestate: "congo=a,rojo=b" });
  });

  it.each([
    ["absent", undefined],
    ["empty", ""],
    ["not a traceparent", "garbage"],
    ["all-zero trace id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"],
    ["all-zero span id", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"],
    ["version ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ["version 00 with a fifth part", `${TRACEPARENT}-extra`],
    ["upper-case hex", TRACEPARENT.toUpperCase()],
    ["not a string", 42],
  ])("refuses a traceparent that is %s, tracestate or not", (_why, traceparent) => {
    expect(extractTrace({ traceparent, tracestate: TRACESTATE })).toBeUndefined();
  });

  it("writes no tracestate for a trace without one, or with only invalid members", () => {
    expect(traceFields(extractTrace({ traceparent: TRACEPARENT })!)).toEqual({
      traceparent: TRACEPARENT,
    });
    const invalid = extractTrace({ traceparent: TRACEPARENT, tracestate: "=,no equals" })!;
    expect(traceFields(invalid)).toEqual({ traceparent: TRACEPARENT });
  });
});

describe("childContext", () => {
  it("keeps the trace id, flags and tracestate, and makes a new span id", () => {
    const parent = extractTrace({ traceparent: TRACEPARENT, tracestate: TRACESTATE })!;
    const child = childContext(parent);
    expect(child).toMatchObject({ traceId: TRACE_ID, traceFlags: TraceFlags.SAMPLED });
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.spanId).not.toBe(parent.spanId);
    expect(traceFields(child).tracestate).toBe(TRACESTATE);
    expect(runInTrace(child, () => currentTrace())).toBe(child);
  });

  it("starts a sampled trace without a parent", () => {
    const root = childContext();
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceFields(root).traceparent).toBe(`00-${root.traceId}-${root.spanId}-01`);
  });
});

describe("eventTrace", () => {
  it("continues the producer's trace and tracestate that daprd does not rewrite", () => {
    const producer = extractTrace({ traceparent: TRACEPARENT, tracestate: TRACESTATE })!;
    const event = {
      ...eventTraceAttributes(producer),
      // What daprd delivers after a publish: the publish call's trace.
      ...traceFields(childContext()),
    };
    const consumer = eventTrace(event, false);
    expect(consumer.traceId).toBe(TRACE_ID);
    expect(traceFields(consumer).tracestate).toBe(TRACESTATE);
  });

  it("continues the envelope's trace when there is no producer's", () => {
    const consumer = eventTrace({ traceparent: TRACEPARENT, tracestate: TRACESTATE }, false);
    expect(consumer.traceId).toBe(TRACE_ID);
    expect(traceFields(consumer).tracestate).toBe(TRACESTATE);
  });

  it("starts a new trace for an event with a malformed traceparent", () => {
    expect(eventTrace({ origintraceparent: "garbage" }, false).traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
