import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type SpanContext,
} from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { childContext } from "./trace-context.js";

/** A server span in progress: its W3C context (for logs and outgoing calls) and how to end it. */
export interface ServerSpan {
  readonly context: SpanContext;
  end(statusCode: number, attributes?: Record<string, string | number>): void;
}

/**
 * OpenTelemetry tracing of one service. With `OTEL_EXPORTER_OTLP_ENDPOINT` set, every HTTP
 * request (API calls, and the pub/sub, binding, job and actor calls daprd makes) is a server
 * span exported over OTLP/HTTP, parented on the incoming `traceparent` — so one trace runs
 * from the API request through Dapr and Kafka to every consumer. Without it, ids are still
 * propagated and logged, and nothing is exported.
 */
export class Telemetry {
  private readonly provider: BasicTracerProvider | undefined;

  constructor(
    service: string,
    otlpEndpoint: string | undefined = process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
  ) {
    if (!otlpEndpoint) return;
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": service }),
      spanProcessors: [
        new BatchSpanProcessor(
          new OTLPTraceExporter({ url: `${otlpEndpoint.replace(/\/$/, "")}/v1/traces` }),
          {
            scheduledDelayMillis: 1000,
          },
        ),
      ],
    });
  }

  /** Starts the span of one incoming request, continuing `parent` when given. */
  startServerSpan(
    name: string,
    parent: SpanContext | undefined,
    attributes: Record<string, string> = {},
  ): ServerSpan {
    if (!this.provider) {
      return { context: childContext(parent), end: () => undefined };
    }
    const parentContext = parent
      ? trace.setSpanContext(context.active(), { ...parent, isRemote: true })
      : context.active();
    const span: Span = this.provider
      .getTracer("todo-services")
      .startSpan(name, { kind: SpanKind.SERVER, attributes }, parentContext);
    return {
      // Same trace, flags and tracestate as the parent (the SDK carries them over).
      context: span.spanContext(),
      end: (statusCode, extra = {}) => {
        span.setAttributes({ "http.response.status_code": statusCode, ...extra });
        if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    };
  }

  /** Exports what is buffered (tests, shutdown). */
  async flush(): Promise<void> {
    await this.provider?.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}
