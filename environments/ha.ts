/**
 * ha: `local` in a highly available shape (3 Kafka brokers, Dapr HA, two replicas of every
 * service with PodDisruptionBudgets, 3 Postgres instances) on the same local control plane.
 * Deploy one of `local` and `ha` per cluster: both install the cluster-wide Dapr release.
 */
import { defineEnvironment } from "./define-environment.js";
import { localInput } from "./local.js";

const twoReplicas = { replicas: { min: 2, max: 4 }, cpuMillis: 250, memoryMiB: 256 };

export const ha = defineEnvironment({
  ...localInput,
  name: "ha",
  backend: { kind: "local", path: "terraform.todo-ha.tfstate" },
  kafka: { ...localInput.kafka, brokers: 3 },
  topics: { ...localInput.topics, replicationFactor: 3 },
  postgres: { ...localInput.postgres, instances: 3 },
  dapr: { ...localInput.dapr, ha: true },
  services: Object.fromEntries(
    Object.keys(localInput.services).map((name) => [name, twoReplicas]),
  ) as typeof localInput.services,
});
