import { describe, expect, it } from "vitest";
import {
  childContext,
  currentTrace,
  formatTraceparent,
  parseTraceparent,
  runInTrace,
} from "./trace-context.js";

describe("parseTraceparent", () => {
  it("round-trips a W3C traceparent", () => {
    const header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    expect(formatTraceparent(parseTraceparent(header)!)).toBe(header);
  });

  it.each([
    "",
    "garbage",
    "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
  ])("rejects %j", (header) => expect(parseTraceparent(header)).toBeUndefined());
});

describe("childContext", () => {
  it("keeps the trace id and makes a new span id", () => {
    const parent = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")!;
    const child = childContext(parent);
    expect(child.traceId).toBe(parent.traceId);
    expect(child.spanId).not.toBe(parent.spanId);
    expect(runInTrace(child, () => currentTrace())).toBe(child);
  });
});
