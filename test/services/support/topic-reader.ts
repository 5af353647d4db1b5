import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { pollUntil } from "./poll.js";

export interface TopicMessage {
  readonly key: string | null;
  readonly partition: number;
  readonly offset: string;
  readonly value: Record<string, unknown>;
}

/**
 * Reads a topic from the beginning in the background (fresh consumer group), so a test can
 * act and then wait for the messages its action produced, filtering out other tests' traffic.
 */
export async function startTopicReader(kafka: Kafka, topic: string) {
  const messages: TopicMessage[] = [];
  const consumer = kafka.consumer({
    groupId: `test-reader-${randomUUID()}`,
    allowAutoTopicCreation: true,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(message.value?.toString() ?? "null") as Record<string, unknown>;
      } catch {
        value = { unparsable: message.value?.toString() };
      }
      messages.push({
        key: message.key?.toString() ?? null,
        partition,
        offset: message.offset,
        value,
      });
    },
  });
  return {
    messages,
    /** Waits until at least `count` messages match, then returns the matching ones. */
    waitFor: (
      what: string,
      match: (m: TopicMessage) => boolean,
      count: number,
      timeoutMs = 30_000,
    ) =>
      pollUntil(
        `${count} ${what} on '${topic}'`,
        async () => {
          const found = messages.filter(match);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
      ),
    stop: () => consumer.disconnect(),
  };
}
