import type { FastifyInstance } from "fastify";
import type { Logger } from "../logger.js";
import type { ServiceMetrics } from "../metrics.js";
import { PoisonEventError } from "../events/task-event.js";
import { deadLetterTopic, PUBSUB_NAME, type Topic } from "../events/topics.js";
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
  deps: { logger: Logger; metrics: ServiceMetrics; pubsubName?: string },
): void {
  const pubsubname = deps.pubsubName ?? PUBSUB_NAME;
  app.get("/dapr/subscribe", async () =>
    subscriptions.map((s) => ({
      pubsubname,
      topic: s.topic,
      route: s.route,
      deadLetterTopic: deadLetterTopic(s.topic),
    })),
  );
  for (const sub of subscriptions) {
    app.post(sub.route, async (req, reply) => {
      const envelope = (req.body ?? {}) as Record<string, unknown>;
      const type = String(envelope.type ?? "unknown");
      const trace = eventTrace(envelope, Boolean(req.headers.traceparent));
      try {
        const outcome = await runInTrace(trace, () => sub.handle(envelope));
        deps.metrics.eventsHandled.inc({ topic: sub.topic, type, outcome });
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
        // RETRY (not DROP): the resiliency policy bounds the retries, then Dapr dead-letters it.
        reply.status(500);
        return { status: "RETRY" };
      }
    });
  }
}

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
