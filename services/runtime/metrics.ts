import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** The Prometheus registry of one service, with process metrics and HTTP request metrics. */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<"method" | "route" | "status">;
  readonly eventsHandled: Counter<"topic" | "type" | "outcome">;
  /** Seconds from an event's `time` to its handling here: how far this consumer lags. */
  readonly eventLag: Histogram<"topic">;
}

export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by route and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    eventsHandled: new Counter({
      name: "events_handled_total",
      help: "Events received from Dapr pub/sub by outcome (success, duplicate, ignored, retry, poison, dead-lettered)",
      labelNames: ["topic", "type", "outcome"],
      registers: [registry],
    }),
    eventLag: new Histogram({
      name: "event_delivery_lag_seconds",
      help: "Seconds from an event's CloudEvent time to its handling by this consumer",
      labelNames: ["topic"],
      buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 900, 3600],
      registers: [registry],
    }),
  };
}
