/**
 * dev: everything in-cluster on any Kubernetes (kind, minikube, k3d, a shared dev cluster), no
 * cloud account. Its state lives in the cluster itself (Secrets in `default`), so the deploy,
 * drift and plan-preview workflows share it across runners; `local` keeps a local file.
 */
import { defineEnvironment } from "./define-environment.js";

const small = { replicas: { min: 1, max: 2 }, cpuMillis: 250, memoryMiB: 256 };

export const dev = defineEnvironment({
  name: "dev",
  stage: "development",
  kubernetes: { configPath: "~/.kube/config", namespace: "todo" },
  backend: { kind: "kubernetes", namespace: "default", secretSuffix: "todo-dev" },
  images: { registry: "ghcr.io/todo-platform", tag: "0.1.0" },
  kafka: { kind: "strimzi", brokers: 1, storageGiB: 5, version: "4.3.1" },
  topics: { partitions: 3, replicationFactor: 1, retentionHours: 24, deadLetterRetentionHours: 72 },
  postgres: { kind: "cloudnative-pg", instances: 1, storageGiB: 2 },
  redis: { kind: "in-cluster", memoryMiB: 128, storageGiB: 1 },
  dapr: { ha: false, mtls: true, logLevel: "info" },
  frontDoor: { host: "todo.localtest.me", tls: { secretName: "todo-tls" } },
  observability: { enabled: true, traceSamplingRatio: 1 },
  services: {
    "task-api": small,
    recurrence: small,
    notification: small,
    audit: small,
    realtime: small,
  },
});
