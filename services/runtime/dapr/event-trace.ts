/**
 * The trace a CloudEvent carries through Dapr and Kafka. daprd rewrites an event's
 * `traceparent` and `tracestate` to those of the publish call (for an outboxed event: the
 * relay's), so a producer also keeps its request's trace in the extension attributes
 * `origintraceparent` and `origintracestate`, which daprd leaves alone; the consumer
 * continues that one, even after an outbox delay.
 */
import type { SpanContext } from "@opentelemetry/api";
import { childContext, currentTrace, extractTrace, traceFields } from "../trace-context.js";

/** The trace attributes of an event produced in `span`. */
export function eventTraceAttributes(span: SpanContext): {
  traceparent?: string;
  tracestate?: string;
  origintraceparent?: string;
  origintracestate?: string;
} {
  const { traceparent, tracestate } = traceFields(span);
  return {
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate ? { tracestate } : {}),
    ...(traceparent ? { origintraceparent: traceparent } : {}),
    ...(tracestate ? { origintracestate: tracestate } : {}),
  };
}

/**
 * The trace a delivered event continues: the producing request's (`origintraceparent`);
 * else the delivery's `traceparent` header (the request span already continues it); else
 * the envelope's.
 */
export function eventTrace(
  envelope: Readonly<Record<string, unknown>>,
  deliveredWithTraceparent: boolean,
): SpanContext {
  const origin = extractTrace({
    traceparent: envelope.origintraceparent,
    tracestate: envelope.origintracestate,
  });
  if (origin) return childContext(origin);
  return (
    (deliveredWithTraceparent ? currentTrace() : undefined) ?? childContext(extractTrace(envelope))
  );
}
