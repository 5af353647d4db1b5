/** A topic as the application declares it; each cluster kind turns it into its own resource. */
export interface KafkaTopicSpec {
  /** Topic name, also the Dapr pub/sub topic. */
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionHours: number;
  /**
   * When set, a `<name>.dlt` dead-letter topic is declared next to it (one partition per source
   * partition so a replay keeps the partition key's ordering).
   * @default - no dead-letter topic
   */
  readonly deadLetterRetentionHours?: number;
}

/** Suffix of every dead-letter topic, e.g. `task-events.dlt` (the services name them so). */
export const DEAD_LETTER_SUFFIX = ".dlt";

/** The topic itself followed by its dead-letter topic, if it has one. */
export function expandDeadLetterTopics(topics: readonly KafkaTopicSpec[]): KafkaTopicSpec[] {
  return topics.flatMap((topic) =>
    topic.deadLetterRetentionHours === undefined
      ? [topic]
      : [
          topic,
          {
            name: `${topic.name}${DEAD_LETTER_SUFFIX}`,
            partitions: topic.partitions,
            replicationFactor: topic.replicationFactor,
            retentionHours: topic.deadLetterRetentionHours,
          },
        ],
  );
}

/** Rejects topic specs Kafka would refuse, naming the topic and the field. */
export function validateTopicSpec(topic: KafkaTopicSpec, brokers?: number): void {
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic.name))
    throw new Error(`topic '${topic.name}': name must match [a-zA-Z0-9._-]{1,249}`);
  if (!Number.isInteger(topic.partitions) || topic.partitions < 1)
    throw new Error(
      `topic '${topic.name}': partitions (${topic.partitions}) must be an integer >= 1`,
    );
  if (brokers !== undefined && topic.replicationFactor > brokers)
    throw new Error(
      `topic '${topic.name}': replicationFactor (${topic.replicationFactor}) exceeds the cluster's brokers (${brokers})`,
    );
}

export const hoursToMs = (hours: number) => String(hours * 3_600_000);
