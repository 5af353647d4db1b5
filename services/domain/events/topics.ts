/**
 * Names of the Kafka topics (through the Dapr pub/sub component `pubsub`). Which topics exist is
 * derived from what the service definitions publish and consume (topicsOf).
 */
export const Topics = {
  taskEvents: "task-events",
  reminders: "reminders",
  taskUpdates: "task-updates",
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Every topic has one dead-letter topic, named `<topic>.dlt`. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlt`;
}

/**
 * Why deliveries failed: one note per failed delivery, keyed `<topic>/<event id>`, written by the
 * consumers (Dapr dead-letters without a reason). No dead-letter topic of its own.
 */
export const DELIVERY_FAILURES_TOPIC = "delivery-failures";

/** Name of the Dapr pub/sub component backed by Kafka. */
export const PUBSUB_NAME = "pubsub";
