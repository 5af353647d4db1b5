import { pino, type Logger } from "pino";
import { currentTrace } from "./trace-context.js";

export type { Logger } from "pino";

/**
 * JSON logs on stdout with the service name and, inside a request or event handler, the
 * W3C trace and span ids so a log line can be joined with its trace.
 */
export function createLogger(service: string, level = "info"): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const trace = currentTrace();
      return trace ? { trace_id: trace.traceId, span_id: trace.spanId } : {};
    },
  });
}
