/**
 * The W3C Trace Context (https://www.w3.org/TR/trace-context/) of the work in progress.
 * `traceparent` and `tracestate` are read and written by OpenTelemetry's
 * W3CTraceContextPropagator, wherever they travel (HTTP headers, Dapr calls, CloudEvent
 * attributes); the current span is kept per async flow, so logs and outgoing calls carry it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import {
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type SpanContext,
  type TextMapGetter,
  type TextMapSetter,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";

/** The two W3C fields, as HTTP headers or CloudEvent attributes carry them. */
export type TraceFields = {
  readonly traceparent?: string;
  readonly tracestate?: string;
};

/** Anything the fields can be read from: incoming HTTP headers, a CloudEvent envelope. */
type Carrier = Readonly<Record<string, unknown>>;

const propagator = new W3CTraceContextPropagator();
const storage = new AsyncLocalStorage<SpanContext>();

const getter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (typeof value === "string") return value;
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined;
  },
};

const setter: TextMapSetter<Record<string, string>> = {
  // An empty `tracestate` (every member of the received one was invalid) is left out.
  set: (carrier, key, value) => {
    if (value) carrier[key] = value;
  },
};

/**
 * The span `carrier`'s `traceparent` names, with its `tracestate`; undefined when there is no
 * traceparent or it is malformed (then a new trace starts).
 */
export function extractTrace(carrier: Carrier): SpanContext | undefined {
  return trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, getter));
}

/** The `traceparent` of `span`, and its `tracestate` when it has one. */
export function traceFields(span: SpanContext): TraceFields {
  const fields: Record<string, string> = {};
  propagator.inject(trace.setSpanContext(ROOT_CONTEXT, span), fields, setter);
  return fields;
}

/** A child span of `parent` (same trace, flags and tracestate; new span id), or the root of a new trace. */
export function childContext(parent?: SpanContext): SpanContext {
  return {
    traceId: parent?.traceId ?? randomBytes(16).toString("hex"),
    spanId: randomBytes(8).toString("hex"),
    traceFlags: parent?.traceFlags ?? TraceFlags.SAMPLED,
    ...(parent?.traceState ? { traceState: parent.traceState } : {}),
  };
}

/** Runs `fn` with `span` as the current trace, so logs and outgoing Dapr calls carry it. */
export function runInTrace<T>(span: SpanContext, fn: () => T): T {
  return storage.run(span, fn);
}

export function currentTrace(): SpanContext | undefined {
  return storage.getStore();
}

/** Makes `span` current for the rest of the running async flow (used by HTTP hooks). */
export function enterTrace(span: SpanContext): void {
  storage.enterWith(span);
}
