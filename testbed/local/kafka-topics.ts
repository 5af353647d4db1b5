/**
 * Creates the system's topics and their dead-letter topics before anything uses them, so
 * partitions are explicit (per-task ordering needs keyed partitions) and no consumer races
 * broker-side auto-creation.
 */
import { Kafka, logLevel } from "kafkajs";
import { serviceDefinitions, type ServiceDefinition } from "../../services/service-definitions.js";
import {
  deadLetterTopic,
  DELIVERY_FAILURES_TOPIC,
} from "../../services/runtime/dapr/delivery-failures.js";
import { topicsOf } from "../../services/service-definition.js";

/** The topics the services use, each with its dead-letter topic, and the failure notes' topic. */
export function localTopicNames(
  definitions: readonly ServiceDefinition[] = serviceDefinitions,
): string[] {
  return [
    ...topicsOf(definitions).flatMap((t) => [t, deadLetterTopic(t)]),
    DELIVERY_FAILURES_TOPIC,
  ];
}

/**
 * @returns the names of all topics that exist afterwards. Retries while a just-started broker
 * still answers "does not host this topic-partition" (its metadata is not settled yet).
 */
export async function ensureTopics(
  bootstrapServers: string,
  partitions = 3,
  timeoutMs = 60_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await createMissingTopics(bootstrapServers, partitions);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function createMissingTopics(
  bootstrapServers: string,
  partitions: number,
): Promise<string[]> {
  const names = localTopicNames();
  const admin = new Kafka({
    clientId: "todo-topics",
    brokers: bootstrapServers.split(","),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = names.filter((n) => !existing.has(n));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor: 1,
        })),
      });
    }
    return names;
  } finally {
    await admin.disconnect();
  }
}
