/**
 * kafkajs helpers for integration tests: quiet clients and "read N messages of a topic
 * from the beginning, within a deadline" (no fixed sleeps).
 */
import { randomUUID } from "node:crypto";
import { type IHeaders, Kafka, logLevel } from "kafkajs";

/** A kafkajs client for the test broker; silent, since retried errors surface as rejections anyway. */
export function testKafka(brokers: string, clientId = "todo-tests"): Kafka {
  return new Kafka({ clientId, brokers: brokers.split(","), logLevel: logLevel.NOTHING });
}

/** A topic name no other test (or earlier run against the same broker) uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** One consumed record, decoded. */
export interface ReceivedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

/**
 * Reads `topic` from the beginning with a fresh consumer group until `count` messages have
 * arrived; rejects with what arrived so far when `timeoutMs` passes first.
 */
export async function readMessages(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<ReceivedMessage[]> {
  const consumer = kafka.consumer({
    groupId: `test-reader-${randomUUID()}`,
    allowAutoTopicCreation: true,
  });
  const received: ReceivedMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `got ${received.length}/${count} messages from '${topic}' in ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ topic: from, partition, message }) => {
            received.push({
              topic: from,
              partition,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: decodeHeaders(message.headers),
            });
            if (received.length >= count) resolve();
          },
        })
        .catch(reject);
    });
    return received;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined)
      decoded[name] = Array.isArray(value) ? value.map(String).join(",") : value.toString();
  }
  return decoded;
}
