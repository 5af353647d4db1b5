import type { PrometheusAlertRule, PrometheusRuleGroup } from "../../constructs/index.js";

/** Where each alert's runbook entry is: a heading named after the alert. */
export const TODO_RUNBOOK = "docs/operations/alerts.md";

/** Routes that are not user traffic: probes and scrapes. */
const NOT_TRAFFIC = 'route!~"/healthz|/readyz|/metrics"';

const rule = (
  alert: string,
  severity: "page" | "ticket",
  spec: { expr: string; for?: string; summary: string; description: string },
): PrometheusAlertRule => ({
  alert,
  expr: spec.expr,
  ...(spec.for ? { for: spec.for } : {}),
  labels: { severity },
  annotations: {
    summary: spec.summary,
    description: spec.description,
    runbook_url: `${TODO_RUNBOOK}#${alert.toLowerCase()}`,
  },
});

/**
 * Alerts on what users notice and what loses or delays events, from the metrics the services
 * (`/metrics`) and their Dapr sidecars (`dapr-metrics` port) expose. Each has a runbook entry.
 */
export const TODO_ALERT_RULES: readonly PrometheusRuleGroup[] = [
  {
    name: "todo-events",
    rules: [
      rule("OutboxNotDraining", "page", {
        expr: "sum by (service) (outbox_pending) > 0 and sum by (service) (rate(outbox_published_total[5m])) == 0",
        for: "5m",
        summary: "{{ $labels.service }} holds {{ $value }} unpublished events and publishes none",
        description:
          "The transactional outbox has a backlog and nothing was published for 5 minutes: the broker or the sidecar's pub/sub is down. Events are kept, consumers see nothing new.",
      }),
      rule("OutboxEventsStale", "page", {
        expr: "max by (service) (outbox_oldest_pending_age_seconds) > 120",
        for: "2m",
        summary:
          "{{ $labels.service }}'s oldest unpublished event is {{ $value | humanizeDuration }} old",
        description:
          "An event has waited in the outbox for over 2 minutes: downstream (audit, reminders, live updates) is stale by at least that much.",
      }),
      rule("DeadLetterGrowth", "ticket", {
        // Per-event and bulk subscriptions count dead-lettered events in different metrics (daprd 1.18
        // writes the bulk status in upper case).
        expr: `sum by (app_id, topic) (increase(dapr_component_pubsub_ingress_count{process_status="drop"}[10m])) > 0 or sum by (app_id, topic) (increase(dapr_component_pubsub_ingress_bulk_event_count{process_status="DROP"}[10m])) > 0`,
        summary: "{{ $labels.app_id }} dead-lettered events from {{ $labels.topic }}",
        description:
          "Events were moved to the topic's dead-letter topic after the retries. They are not processed until someone redrives them.",
      }),
      rule("ConsumerLagHigh", "page", {
        expr: "histogram_quantile(0.95, sum by (service, topic, le) (rate(event_delivery_lag_seconds_bucket[5m]))) > 60",
        for: "5m",
        summary:
          "{{ $labels.service }} handles {{ $labels.topic }} events {{ $value | humanizeDuration }} after they happened (p95)",
        description:
          "Consumers work through events more than a minute after they were created: a backlog in Kafka or the outbox, or a slow consumer.",
      }),
      rule("ReminderLate", "page", {
        expr: "histogram_quantile(0.95, sum by (service, le) (rate(reminder_delivery_delay_seconds_bucket[15m]))) > 60",
        for: "5m",
        summary: "reminders are delivered {{ $value | humanizeDuration }} after their time (p95)",
        description:
          "Reminders reach users more than a minute late: the scheduler, the notification service or the reminders topic is behind.",
      }),
    ],
  },
  {
    name: "todo-http",
    rules: [
      rule("HttpErrorRateHigh", "page", {
        expr: `sum by (service) (rate(http_request_duration_seconds_count{status=~"5..", ${NOT_TRAFFIC}}[5m])) / sum by (service) (rate(http_request_duration_seconds_count{${NOT_TRAFFIC}}[5m])) > 0.05`,
        for: "5m",
        summary:
          "{{ $labels.service }} answers {{ $value | humanizePercentage }} of requests with 5xx",
        description: "More than 5% of the service's requests fail on the server side.",
      }),
      rule("DaprSidecarErrors", "page", {
        expr: 'sum by (app_id) (rate(dapr_http_server_request_count{status=~"5.."}[5m])) / sum by (app_id) (rate(dapr_http_server_request_count[5m])) > 0.05',
        for: "5m",
        summary:
          "the Dapr sidecar of {{ $labels.app_id }} fails {{ $value | humanizePercentage }} of the service's calls",
        description:
          "The sidecar answers the service's calls (publish, state, invoke, jobs) with 5xx: a component behind it (Kafka, Redis, another app) is unreachable.",
      }),
    ],
  },
];
