/**
 * Names of the Todo topics (through the Dapr pub/sub component `pubsub`). Which topics exist is
 * derived from what the service definitions publish and consume (topicsOf); each has a
 * dead-letter topic, and the consumers note failures on another (runtime/dapr/delivery-failures.ts).
 */
export const Topics = {
  taskEvents: "task-events",
  reminders: "reminders",
  taskUpdates: "task-updates",
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];
