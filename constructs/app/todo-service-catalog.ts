/**
 * The five Todo services as the platform deploys them: which topics each consumes, which apps it
 * invokes, which secrets and Dapr components it needs. One name everywhere: directory under
 * services/, construct id, Kubernetes label, Dapr app-id and Kafka consumer group.
 */
export type SecretRef = "database" | "auth" | "cache";

export interface TodoServiceDefinition {
  readonly name: "task-api" | "recurrence" | "notification" | "audit" | "realtime";
  readonly port: number;
  /** Topics consumed through declarative subscriptions (each with its dead-letter topic). */
  readonly subscribes: readonly string[];
  /** App-ids it calls through Dapr service invocation. */
  readonly invokes: readonly string[];
  /** Uses the Redis state store (state and actors). */
  readonly usesStateStore: boolean;
  /** Secrets it reads through the Dapr secret store. */
  readonly secrets: readonly SecretRef[];
  /** Reached from outside the cluster (through an ingress controller namespace). */
  readonly public: boolean;
}

/** Topic names (DESIGN.md "Events"); each has a `<name>-dlt` dead-letter topic. */
export const TODO_TOPICS = ["task-events", "reminders", "task-updates"] as const;

export const TODO_SERVICES: readonly TodoServiceDefinition[] = [
  {
    name: "task-api",
    port: 8080,
    subscribes: [],
    invokes: [],
    usesStateStore: false,
    secrets: ["database", "auth"],
    public: true,
  },
  {
    name: "recurrence",
    port: 8080,
    subscribes: ["task-events"],
    invokes: ["task-api"],
    usesStateStore: true,
    secrets: ["auth", "cache"],
    public: false,
  },
  {
    name: "notification",
    port: 8080,
    subscribes: ["task-events", "reminders"],
    invokes: ["realtime"],
    usesStateStore: true,
    secrets: ["database", "auth", "cache"],
    public: false,
  },
  {
    name: "audit",
    port: 8080,
    subscribes: ["task-events"],
    invokes: [],
    usesStateStore: false,
    secrets: ["database", "auth"],
    public: true,
  },
  {
    name: "realtime",
    port: 8080,
    subscribes: ["task-updates"],
    invokes: [],
    usesStateStore: false,
    secrets: ["auth"],
    public: true,
  },
];
