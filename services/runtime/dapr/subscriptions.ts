import type { FastifyInstance } from "fastify";
import type { Logger } from "../logger.js";
import type { ServiceMetrics } from "../metrics.js";
import { createHash } from "node:crypto";
import { AttemptCounter, isTransientFailure, PoisonEventError } from "./delivery-failure.js";
import { deadLetterTopic, type DeliveryFailureRecorder } from "./delivery-failures.js";
import { runInTrace } from "../trace-context.js";
import { eventTrace } from "./event-trace.js";

/** What a handler did with an event. */
export type HandlerOutcome = "success" | "duplicate" | "ignored";

/** One programmatic Dapr subscription: topic → route → handler, with its dead-letter topic. */
export interface TopicSubscription {
  readonly topic: string;
  /** HTTP route daprd delivers to. @default `/events/<topic>` */
  readonly route?: string;
  /**
   * Receives the whole CloudEvent envelope. Throwing a transient failure makes Dapr redeliver
   * it until it succeeds; any other error is retried a bounded number of times, then dead-lettered.
   */
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
   * per envelope, in the same order: an outcome, or the error that makes Dapr redeliver that
   * entry alone (judged like a thrown error of `handle`).
   */
  readonly handleBatch: (
    envelopes: readonly Record<string, unknown>[],
  ) => Promise<readonly (HandlerOutcome | Error)[]>;
}

/** One entry of the envelope daprd posts to a bulk subscription. */
interface BulkEntry {
  readonly entryId: string;
  readonly event?: unknown;
}

/** Attempts an event that fails for a reason other than a transient outage gets before its dead-letter topic. @default */
export const MAX_POISON_ATTEMPTS = 4;

/** What the subscription answers daprd for one event that failed. */
type FailureVerdict = { status: "RETRY" | "DROP"; outcome: "retry" | "poison" | "dead-lettered" };

/** What the subscription routes report to. */
export interface SubscriptionDeps {
  logger: Logger;
  metrics: ServiceMetrics;
  /**
   * Records why a delivery failed (see delivery-failures.ts), for the failures that count
   * toward the dead-letter topic; transient ones are redelivered and not noted.
   * @default - not recorded
   */
  failures?: DeliveryFailureRecorder;
  /** @default "pubsub" */
  pubsubName?: string;
  /** @default MAX_POISON_ATTEMPTS */
  maxPoisonAttempts?: number;
}

/**
 * Registers `GET /dapr/subscribe` and one POST route per subscription, each with `<topic>.dlt`
 * as its dead-letter topic. A failure is judged per event: a transient one (database,
 * sidecar or called service away; see delivery-failure.ts) is answered RETRY for as long as
 * it lasts, and the Resiliency redelivers at a bounded rate without a count limit; any other
 * failure (a poison event, a bug) gets `maxPoisonAttempts` attempts, then DROP, which daprd
 * turns into a copy on the dead-letter topic. Handlers must be idempotent: Kafka delivers at
 * least once.
 */
export function registerSubscriptions(
  app: FastifyInstance,
  subscriptions: readonly TopicSubscription[],
  deps: SubscriptionDeps,
): void {
  const pubsubname = deps.pubsubName ?? "pubsub";
  const attempts = new AttemptCounter(deps.maxPoisonAttempts ?? MAX_POISON_ATTEMPTS);
  const judge = (topic: string, envelope: Record<string, unknown>, err: unknown) =>
    verdict(attempts, `${topic}/${eventKey(envelope)}`, err);
  app.get("/dapr/subscribe", async () =>
    subscriptions.map((s) => ({
      pubsubname,
      topic: s.topic,
      route: routeOf(s),
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
      registerBulkRoute(app, sub, sub.bulk, deps, judge, attempts);
      continue;
    }
    app.post(routeOf(sub), async (req, reply) => {
      const envelope = (req.body ?? {}) as Record<string, unknown>;
      const type = String(envelope.type ?? "unknown");
      const trace = eventTrace(envelope, Boolean(req.headers.traceparent));
      try {
        const outcome = await runInTrace(trace, () => sub.handle(envelope));
        attempts.forget(`${sub.topic}/${eventKey(envelope)}`);
        deps.metrics.eventsHandled.inc({ topic: sub.topic, type, outcome });
        observeLag(deps.metrics, sub.topic, envelope);
        return { status: "SUCCESS" };
      } catch (err) {
        const judged = judge(sub.topic, envelope, err);
        if (judged.outcome !== "retry") deps.failures?.(sub.topic, envelope, err);
        deps.metrics.eventsHandled.inc({ topic: sub.topic, type, outcome: judged.outcome });
        runInTrace(trace, () =>
          deps.logger.warn(
            { err, topic: sub.topic, type, id: envelope.id, outcome: judged.outcome },
            failureMessage(judged),
          ),
        );
        // DROP needs a 2xx answer; a RETRY answered with 500 keeps the failure visible in daprd's log.
        if (judged.status === "RETRY") reply.status(500);
        return { status: judged.status };
      }
    });
  }
}

const routeOf = (sub: TopicSubscription) => sub.route ?? `/events/${sub.topic}`;

/** RETRY while the failure is transient or attempts remain; DROP (dead-letter) after that. */
function verdict(attempts: AttemptCounter, key: string, err: unknown): FailureVerdict {
  if (!(err instanceof PoisonEventError) && isTransientFailure(err))
    return { status: "RETRY", outcome: "retry" };
  if (attempts.failed(key)) return { status: "DROP", outcome: "dead-lettered" };
  return { status: "RETRY", outcome: "poison" };
}

function failureMessage(judged: FailureVerdict): string {
  if (judged.outcome === "retry") return "event failed transiently: redelivered until it succeeds";
  if (judged.outcome === "poison") return "event failed: retried a bounded number of times";
  return "event failed on every attempt: dead-lettered";
}

/** The CloudEvent id, or a digest of the envelope when it has none. */
function eventKey(envelope: Record<string, unknown>): string {
  if (typeof envelope.id === "string" && envelope.id !== "") return envelope.id;
  return createHash("sha256").update(JSON.stringify(envelope)).digest("base64url");
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
  judge: (topic: string, envelope: Record<string, unknown>, err: unknown) => FailureVerdict,
  attempts: AttemptCounter,
): void {
  app.post(routeOf(sub), async (req) => {
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
      // The whole batch failed (e.g. the database is down): every entry shares the failure.
      results = envelopes.map(() => err as Error);
    }
    const failures = new Map<string, number>();
    const answers = entries.map((entry, i) => {
      const envelope = envelopes[i]!;
      const type = eventType(envelope);
      const result = results[i] ?? new Error("no result for this entry");
      if (!(result instanceof Error)) {
        attempts.forget(`${sub.topic}/${eventKey(envelope)}`);
        deps.metrics.eventsHandled.inc({ topic: sub.topic, type, outcome: result });
        observeLag(deps.metrics, sub.topic, envelope);
        return { entryId: entry.entryId, status: "SUCCESS" };
      }
      const judged = judge(sub.topic, envelope, result);
      if (judged.outcome !== "retry") deps.failures?.(sub.topic, envelope, result);
      deps.metrics.eventsHandled.inc({ topic: sub.topic, type, outcome: judged.outcome });
      failures.set(judged.outcome, (failures.get(judged.outcome) ?? 0) + 1);
      if (judged.outcome !== "retry")
        runInTrace(eventTrace(envelope, false), () =>
          deps.logger.warn(
            { err: result, topic: sub.topic, type, id: envelope.id, outcome: judged.outcome },
            failureMessage(judged),
          ),
        );
      return { entryId: entry.entryId, status: judged.status };
    });
    // All or nothing on a redelivery: daprd 1.18.3 redelivers only the RETRY entries, and on a
    // DROP in that shorter batch it looks the entry up by its position in the first one
    // (postman/http/http.go:328): it panics, or dead-letters a neighbour. So while any entry
    // must be redelivered, every entry is (the handler is idempotent: done ones are duplicates).
    const statuses = answers.some((a) => a.status === "RETRY")
      ? answers.map((a) => ({ entryId: a.entryId, status: "RETRY" }))
      : answers;
    if (failures.get("retry"))
      runInTrace(trace, () =>
        deps.logger.warn(
          {
            err: results.find((r) => r instanceof Error),
            topic: sub.topic,
            entries: failures.get("retry"),
          },
          "events failed transiently: redelivered until they succeed",
        ),
      );
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
