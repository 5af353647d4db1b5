import type { FastifyInstance } from "fastify";
import type { Logger } from "../logger.js";
import type { ServiceMetrics } from "../metrics.js";
import { PoisonEventError } from "../events/task-event.js";
import { deadLetterTopic, PUBSUB_NAME, type Topic } from "../events/topics.js";
import type { DeliveryFailureRecorder } from "./delivery-failures.js";
import {
  childContext,
  currentTrace,
  parseTraceparent,
  runInTrace,
  type TraceContext,
} from "../trace-context.js";

/** What a handler did with an event. */
export type HandlerOutcome = "success" | "duplicate" | "ignored";

/** One programmatic Dapr subscription: topic → route → handler, with its dead-letter topic. */
export interface TopicSubscription {
  readonly topic: Topic;
  /** HTTP route daprd delivers to, e.g. `/events/task-events`. */
  readonly route: string;
  /** Receives the whole CloudEvent envelope; throwing makes Dapr retry (resiliency policy), then dead-letter. */
  readonly handle: (envelope: Record<string, unknown>) => Promise<HandlerOutcome>;
  /**
   * Receive events in batches (Dapr bulk subscribe): one HTTP call per batch per partition
   * instead of one per event. @default - one call per event through `handle`
   */
  readonly bulk?: BulkHandling;
}

/** How a subscription takes batches of events. */
export interface BulkHandling {
  /** Most events per call. @default 100 */
  readonly maxMessages?: number;
  /** Longest a partial batch waits before it is delivered, in ms (adds up to this much latency). @default 20 */
  readonly maxAwaitMs?: number;
  /**
   * Handles a batch of envelopes in delivery (= per-partition) order and returns one result
   * per envelope, in the same order: an outcome, or the error that makes Dapr retry that
   * entry alone (resiliency policy), then dead-letter it.
   */
  readonly handleBatch: (
    envelopes: readonly Record<string, unknown>[],
  ) => Promise<readonly (HandlerOutcome | Error)[]>;
}

/** What the subscription routes report to. */
export interface SubscriptionDeps {
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  /** Records why a delivery failed (see delivery-failures.ts). @default - not recorded */
  readonly failures?: DeliveryFailureRecorder;
}

/** One entry of the envelope daprd posts to a bulk subscription. */
interface BulkEntry {
  readonly entryId: string;
  readonly event?: unknown;
}

/**
 * Registers `GET /dapr/subscribe` and one POST route per subscription. Each subscription
 * declares `<topic>.dlt` as its dead-letter topic: an event that keeps failing (a poison
 * message, or a dependency down past the resiliency retries) is moved there instead of
 * blocking the partition. Handlers must be idempotent: Kafka delivers at least once.
 */
export function registerSubscriptions(
  app: FastifyInstance,
  subscriptions: readonly TopicSubscription[],
  deps: SubscriptionDeps & { pubsubName?: string },
): void {
  const pubsubname = deps.pubsubName ?? PUBSUB_NAME;
  app.get("/dapr/subscribe", async () =>
    subscriptions.map((s) => ({
      pubsubname,
      topic: s.topic,
      route: s.route,
      deadLetterTopic: deadLetterTopic(s.topic),
      ...(s.bulk
        ? {
            bulkSubscribe: {
              enabled: true,
              maxMessagesCount: s.bulk.maxMessages ?? 100,
              maxAwaitDurationMs: s.bulk.maxAwaitMs ?? 20,
            },
          }
        : {}),
    })),
  );
  for (const sub of subscriptions) {
    if (sub.bulk) {
      registerBulkRoute(app, sub, sub.bulk, deps);
      continue;
    }
    app.post(sub.route, async (req, reply) => {
      const envelope = (req.body ?? {}) as Record<string, unknown>;
      const type = String(envelope.type ?? "unknown");
      const trace = eventTrace(envelope, Boolean(req.headers.traceparent));
      try {
        const outcome = await runInTrace(trace, () => sub.handle(envelope));
        deps.metrics.eventsHandled.inc({ topic: sub.topic, type, outcome });
        observeLag(deps.metrics, sub.topic, envelope);
        return { status: "SUCCESS" };
      } catch (err) {
        const poison = err instanceof PoisonEventError;
        deps.metrics.eventsHandled.inc({
          topic: sub.topic,
          type,
          outcome: poison ? "poison" : "retry",
        });
        runInTrace(trace, () =>
          deps.logger.warn(
            { err, topic: sub.topic, type, id: envelope.id },
            poison ? "poison event: retry then dead-letter" : "event failed: retry",
          ),
        );
        deps.failures?.(sub.topic, envelope, err);
        // RETRY (not DROP): the resiliency policy bounds the retries, then Dapr dead-letters it.
        reply.status(500);
        return { status: "RETRY" };
      }
    });
  }
}

/**
 * A bulk subscription's route: answers one status per entry, so a poison entry is retried
 * and dead-lettered alone while the rest of its batch is acknowledged.
 */
function registerBulkRoute(
  app: FastifyInstance,
  sub: TopicSubscription,
  bulk: BulkHandling,
  deps: SubscriptionDeps,
): void {
  app.post(sub.route, async (req, reply) => {
    const body = (req.body ?? {}) as { entries?: BulkEntry[] };
    const entries = Array.isArray(body.entries) ? body.entries : [];
    const envelopes = entries.map((e) =>
      e.event && typeof e.event === "object" ? (e.event as Record<string, unknown>) : {},
    );
    const first = envelopes[0];
    const trace = eventTrace(first ?? {}, Boolean(req.headers.traceparent));
    let results: readonly (HandlerOutcome | Error)[];
    try {
      results = await runInTrace(trace, () => bulk.handleBatch(envelopes));
    } catch (err) {
      // The whole batch failed (e.g. the database is down): Dapr retries every entry.
      runInTrace(trace, () =>
        deps.logger.warn({ err, topic: sub.topic, entries: entries.length }, "batch failed: retry"),
      );
      for (const envelope of envelopes) {
        deps.metrics.eventsHandled.inc({
          topic: sub.topic,
          type: eventType(envelope),
          outcome: "retry",
        });
        deps.failures?.(sub.topic, envelope, err);
      }
      reply.status(500);
      return { statuses: entries.map((e) => ({ entryId: e.entryId, status: "RETRY" })) };
    }
    const statuses = entries.map((entry, i) => {
      const envelope = envelopes[i]!;
      const type = eventType(envelope);
      const result = results[i] ?? new Error("no result for this entry");
      if (!(result instanceof Error)) {
        deps.metrics.eventsHandled.inc({ topic: sub.topic, type, outcome: result });
        observeLag(deps.metrics, sub.topic, envelope);
        return { entryId: entry.entryId, status: "SUCCESS" };
      }
      const poison = result instanceof PoisonEventError;
      deps.metrics.eventsHandled.inc({
        topic: sub.topic,
        type,
        outcome: poison ? "poison" : "retry",
      });
      runInTrace(eventTrace(envelope, false), () =>
        deps.logger.warn(
          { err: result, topic: sub.topic, type, id: envelope.id },
          poison ? "poison event: retry then dead-letter" : "event failed: retry",
        ),
      );
      deps.failures?.(sub.topic, envelope, result);
      // RETRY (not DROP): the resiliency policy bounds the retries, then Dapr dead-letters it.
      return { entryId: entry.entryId, status: "RETRY" };
    });
    return { statuses };
  });
}

/** How long after its `time` the event was handled (events without a time are not counted). */
function observeLag(metrics: ServiceMetrics, topic: string, envelope: Record<string, unknown>) {
  const time = Date.parse(String(envelope.time ?? ""));
  if (Number.isFinite(time))
    metrics.eventLag.observe({ topic }, Math.max(0, (Date.now() - time) / 1000));
}

const eventType = (envelope: Record<string, unknown>) => String(envelope.type ?? "unknown");

/**
 * The trace a delivered event continues: the producing request's (`origintraceparent`, which
 * daprd leaves alone, so an outbox delay does not break the trace); else the delivery's
 * `traceparent` header (the request span already continues it); else the envelope's.
 */
export function eventTrace(
  envelope: Record<string, unknown>,
  deliveredWithTraceparent: boolean,
): TraceContext {
  const origin = parseTraceparent(envelope.origintraceparent as string | undefined);
  if (origin) return childContext(origin);
  return (
    (deliveredWithTraceparent ? currentTrace() : undefined) ??
    childContext(parseTraceparent(envelope.traceparent as string | undefined))
  );
}
