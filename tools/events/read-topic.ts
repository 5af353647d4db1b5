import { randomUUID } from "node:crypto";
import type { KafkaMessage } from "kafkajs";
import { CliError } from "./cli-error.js";
import type { KafkaConnection } from "./kafka-connection.js";

/** One record of a topic as read. */
export interface TopicRecord {
  readonly partition: number;
  readonly message: KafkaMessage;
}

/**
 * Reads `topic` from its earliest retained offset up to the end it had when the call started,
 * in partition order then offset order (uncommitted records included unless told otherwise). Uses a throwaway consumer group (deleted afterwards),
 * so reading changes no one's offsets.
 */
export async function readTopic(
  { kafka, admin }: KafkaConnection,
  topic: string,
  options: { timeoutMs?: number; readUncommitted?: boolean } = {},
): Promise<TopicRecord[]> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const ends = await admin.fetchTopicOffsets(topic);
  const pending = new Map(
    ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
  );
  if (!pending.size) return [];
  const groupId = `todo-events-reader-${randomUUID()}`;
  // Uncommitted reads by default: a dead-letter topic has no transactions, and offsets then run
  // without gaps. A committed read skips aborted records (batches end on their control records).
  const consumer = kafka.consumer({ groupId, readUncommitted: options.readUncommitted ?? true });
  const records: TopicRecord[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new CliError(
              `timed out after ${timeoutMs / 1000} s reading '${topic}' (partitions not read to the end: ${[...pending.keys()].join(", ")})`,
            ),
          ),
        timeoutMs,
      );
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            const end = pending.get(batch.partition);
            if (end === undefined) return;
            for (const message of batch.messages) {
              if (BigInt(message.offset) < end)
                records.push({ partition: batch.partition, message });
            }
            if (BigInt(batch.lastOffset()) + 1n >= end) pending.delete(batch.partition);
            if (!pending.size) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return records.sort(
    (a, b) =>
      a.partition - b.partition || Number(BigInt(a.message.offset) - BigInt(b.message.offset)),
  );
}
