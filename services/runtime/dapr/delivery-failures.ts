import type { Logger } from "../logger.js";
import type { DaprClient } from "./dapr-client.js";

/** CloudEvent type of a failure note on the `delivery-failures` topic. */
export const DELIVERY_FAILED_TYPE = "com.todo.delivery.failed.v1";

/** The `data` of a failure note: why one delivery of one event failed, and where. */
export interface DeliveryFailure {
  readonly topic: string;
  readonly event_id: string;
  readonly event_type: string;
  /** App id of the consumer that failed. */
  readonly service: string;
  readonly reason: string;
  readonly failed_at: string;
}

/** Records that a delivery of `envelope` from `topic` failed with `error`; never throws. */
export type DeliveryFailureRecorder = (
  topic: string,
  envelope: Record<string, unknown>,
  error: unknown,
) => void;

/** Every topic has one dead-letter topic, named `<topic>.dlt`. */
export const deadLetterTopic = (topic: string) => `${topic}.dlt`;

/**
 * Why deliveries failed: one note per failed delivery, keyed `<topic>/<event id>`, written by the
 * consumers (Dapr dead-letters without a reason). No dead-letter topic of its own.
 */
export const DELIVERY_FAILURES_TOPIC = "delivery-failures";

/** Key of a failure note: one per event and topic, so the latest note is the reason. */
export const deliveryFailureKey = (topic: string, eventId: string) => `${topic}/${eventId}`;

/**
 * Publishes a failure note through the sidecar for every failed delivery. Dapr dead-letters an
 * event after its retries with the event's own headers only (source topic, partition, offset,
 * timestamp) and no error, so the consumer states the reason here; `npm run events -- dlq list`
 * joins the notes to the dead-lettered events. Fire and forget: a note that cannot be
 * published (broker down) must not delay or change the delivery's answer.
 */
export function deliveryFailureRecorder(deps: {
  dapr: DaprClient;
  pubsubName: string;
  service: string;
  logger: Logger;
}): DeliveryFailureRecorder {
  return (topic, envelope, error) => {
    const eventId = String(envelope.id ?? "unknown");
    const failedAt = new Date().toISOString();
    const data: DeliveryFailure = {
      topic,
      event_id: eventId,
      event_type: String(envelope.type ?? "unknown"),
      service: deps.service,
      reason: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
      failed_at: failedAt,
    };
    deps.dapr
      .publish(
        deps.pubsubName,
        DELIVERY_FAILURES_TOPIC,
        {
          specversion: "1.0",
          id: `${deliveryFailureKey(topic, eventId)}@${failedAt}`,
          source: deps.service,
          type: DELIVERY_FAILED_TYPE,
          time: failedAt,
          datacontenttype: "application/json",
          data,
        },
        { partitionKey: deliveryFailureKey(topic, eventId) },
      )
      .catch((err: unknown) =>
        deps.logger.debug({ err, topic, id: eventId }, "failure note not published"),
      );
  };
}
