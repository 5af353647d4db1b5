/** staging: Neon branch 'staging', 3-broker Strimzi Kafka, in-cluster Redis, Dapr HA + mTLS, S3 state. */
import { defineEnvironment } from "./define-environment.js";
import { s3State } from "./s3-state.js";

const medium = { replicas: { min: 2, max: 4 }, cpuMillis: 500, memoryMiB: 512 };

export const staging = defineEnvironment({
  name: "staging",
  stage: "staging",
  kubernetes: { configPath: "~/.kube/config", context: "todo-staging", namespace: "todo" },
  backend: s3State("staging"),
  images: { registry: "ghcr.io/todo-platform", tag: "0.1.0" },
  kafka: { kind: "strimzi", brokers: 3, storageGiB: 50, version: "4.3.1" },
  topics: {
    partitions: 6,
    replicationFactor: 3,
    retentionHours: 72,
    deadLetterRetentionHours: 336,
  },
  postgres: {
    kind: "neon",
    projectName: "todo-platform-staging",
    regionId: "aws-eu-central-1",
    branch: "staging",
    computeMinCu: 0.25,
    computeMaxCu: 2,
  },
  redis: { kind: "in-cluster", memoryMiB: 512, storageGiB: 5 },
  dapr: { ha: true, mtls: true, logLevel: "info" },
  notificationWebhookUrl: "https://hooks.staging.todo.example.com/notify",
  frontDoor: {
    host: "staging.todo.example.com",
    tls: { secretName: "todo-tls", clusterIssuer: "letsencrypt" },
  },
  observability: { enabled: true, traceSamplingRatio: 0.5 },
  services: {
    "task-api": medium,
    recurrence: medium,
    notification: medium,
    audit: medium,
    realtime: medium,
  },
});
