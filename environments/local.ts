/**
 * local: the control plane `npm run cluster` starts on this machine (kwok nodes: pods are
 * scheduled and marked Running, no container runs). Shaped like a platform team's air-gapped
 * cluster: the Strimzi and CloudNativePG operators count as preinstalled, and the Dapr chart
 * comes from a directory (`npm run cluster` unpacks it from the Dapr release's Go module).
 */
import { CHARTS } from "../constructs/index.js";
import { defineEnvironment } from "./define-environment.js";
import type { EnvironmentInput } from "./schema.js";

/**
 * The Dapr chart directory `local` and `ha` install from, relative to the repository root:
 * `npm run cluster` (and the deploy tests) unpack the pinned chart there.
 */
export const LOCAL_DAPR_CHART_PATH = `.charts/dapr-${CHARTS.dapr.version}`;

const small = { replicas: { min: 1, max: 2 }, cpuMillis: 250, memoryMiB: 256 };

/** The local environment's definition, also the base of `ha`. */
export const localInput = {
  name: "local",
  stage: "development",
  // No configPath: the providers read KUBE_CONFIG_PATH, which `npm run cluster` prints.
  kubernetes: { context: "todo-local", namespace: "todo" },
  backend: { kind: "local", path: "terraform.todo-local.tfstate" },
  charts: { dapr: { kind: "directory", path: LOCAL_DAPR_CHART_PATH } },
  images: { registry: "ghcr.io/todo-platform", tag: "0.1.0" },
  kafka: { kind: "strimzi", operator: "preinstalled", brokers: 1, storageGiB: 5, version: "4.3.1" },
  topics: { partitions: 3, replicationFactor: 1, retentionHours: 24, deadLetterRetentionHours: 72 },
  postgres: { kind: "cloudnative-pg", operator: "preinstalled", instances: 1, storageGiB: 2 },
  redis: { kind: "in-cluster", memoryMiB: 128, storageGiB: 1 },
  dapr: { ha: false, mtls: true, logLevel: "info" },
  // localtest.me and its subdomains resolve to 127.0.0.1; no issuer here, so self-signed.
  frontDoor: { host: "todo.localtest.me", tls: { secretName: "todo-tls", selfSigned: true } },
  // Its charts cannot be fetched here; point `charts` at mirrors to turn it on.
  observability: { enabled: false, traceSamplingRatio: 1 },
  services: {
    "task-api": small,
    recurrence: small,
    notification: small,
    audit: small,
    realtime: small,
  },
} satisfies EnvironmentInput;

export const local = defineEnvironment(localInput);
