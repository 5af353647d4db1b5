import { Kafka, logLevel, type Admin } from "kafkajs";
import { CliError } from "./cli-error.js";

/** The broker connection every command shares: one client, one connected admin. */
export interface KafkaConnection {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly brokers: readonly string[];
}

/**
 * Connects to `brokers` (comma-separated `host:port`), failing within seconds, not kafkajs's
 * default half minute, when none answers.
 */
export async function connectKafka(brokers: string | undefined): Promise<KafkaConnection> {
  const list = (brokers ?? "")
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
  if (!list.length)
    throw new CliError(
      "no Kafka brokers given: pass --brokers host:port or set KAFKA_BROKERS (npm run local prints the address)",
    );
  const kafka = new Kafka({
    clientId: "todo-events",
    brokers: list,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 2, initialRetryTime: 300 },
  });
  const admin = kafka.admin();
  await admin.connect();
  // connect() is lazy about the cluster: ask for it so an unreachable broker fails here.
  await admin.describeCluster();
  return { kafka, admin, brokers: list };
}

/** Fails with the topics that do exist when `topic` does not. */
export async function requireTopic(admin: Admin, topic: string): Promise<void> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) {
    const known = topics.filter((t) => !t.startsWith("__")).sort();
    throw new CliError(`unknown topic '${topic}'; topics on this cluster: ${known.join(", ")}`);
  }
}
