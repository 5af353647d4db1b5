import { createHash } from "node:crypto";
import type { Producer } from "kafkajs";
import { CliError } from "./cli-error.js";
import {
  DAPR_DEAD_LETTER_HEADERS,
  deadLetterTopicOf,
  readDeadLetters,
  type DeadLetter,
} from "./dead-letters.js";
import { requireTopic, type KafkaConnection } from "./kafka-connection.js";

export interface DlqRedriveOptions {
  /** Event ids to send back. */
  readonly ids: readonly string[];
  /** Send back every dead-lettered event not sent back before. */
  readonly all: boolean;
  readonly dryRun: boolean;
  /** Events per transaction (progress is committed with each). @default 100 */
  readonly batchSize?: number;
  /** Receives one line per committed batch. */
  readonly progress: (line: string) => void;
}

/**
 * `dlq redrive <topic> (--id <event id>... | --all) [--dry-run]`: republishes dead-lettered
 * events to the topic they came from, with their original key, value and headers (daprd's own
 * dead-letter headers removed).
 *
 * Exactly once across crashes: each batch is one Kafka transaction that holds both the sends and
 * the redrive's progress (offsets of the dead-letter topic, committed for a consumer group
 * named after the redrive). A run killed mid-batch leaves an open transaction that the next run
 * aborts (same transactional id) before it resumes after the last committed batch; readers
 * that read committed records never see the aborted copies. A selection by id keeps its own
 * progress, so `--id a` then `--id b` are independent runs.
 */
export async function dlqRedrive(
  connection: KafkaConnection,
  topic: string,
  options: DlqRedriveOptions,
): Promise<string> {
  if (options.all === options.ids.length > 0)
    throw new CliError(
      "say which events to redrive: --id <event id> (repeatable) or --all, not both",
    );
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new CliError(`--batch-size must be a whole number >= 1, got '${options.batchSize}'`);
  const { dlt } = deadLetterTopicOf(topic);
  await requireTopic(connection.admin, dlt);
  const letters = await readDeadLetters(connection, dlt);
  const wanted = new Set(options.ids);
  const missing = [...wanted].filter((id) => !letters.some((l) => l.eventId === id));
  if (missing.length)
    throw new CliError(`no dead-lettered event with id ${missing.join(", ")} in '${dlt}'`);

  const progressId = redriveId(dlt, options.ids);
  // Connecting first fences a killed run's producer: its open batch is aborted, and a batch it
  // was committing completes, before the progress is read.
  const producer = options.dryRun
    ? undefined
    : connection.kafka.producer({
        transactionalId: progressId,
        idempotent: true,
        maxInFlightRequests: 1,
      });
  await producer?.connect();
  try {
    return await redrive(connection, dlt, letters, wanted, progressId, producer, {
      ...options,
      batchSize,
    });
  } finally {
    await producer?.disconnect();
  }
}

async function redrive(
  connection: KafkaConnection,
  dlt: string,
  letters: readonly DeadLetter[],
  wanted: ReadonlySet<string>,
  progressId: string,
  producer: Producer | undefined,
  options: DlqRedriveOptions & { batchSize: number },
): Promise<string> {
  const { batchSize } = options;
  const done = await committedOffsets(connection, progressId, dlt);
  const selected = letters.filter((l) => options.all || (l.eventId && wanted.has(l.eventId)));
  const pending = selected.filter((l) => BigInt(l.offset) >= (done.get(l.partition) ?? 0n));
  const skipped = selected.length - pending.length;
  const already = skipped ? ` (${skipped} sent back by an earlier run of this redrive)` : "";
  if (!pending.length) return `nothing to redrive from '${dlt}'${already}`;

  if (!producer)
    return [
      `would redrive ${pending.length} event(s) from '${dlt}'${already}:`,
      ...pending.map(
        (l) =>
          `  ${l.partition}:${l.offset}  ${l.eventType ?? "-"}  ${l.eventId ?? "-"}  key=${l.key ?? "-"}  -> ${l.sourceTopic}`,
      ),
    ].join("\n");

  let sent = 0;
  for (let start = 0; start < pending.length; start += batchSize) {
    const batch = pending.slice(start, start + batchSize);
    const transaction = await producer.transaction();
    try {
      for (const letter of batch) {
        await transaction.send({ topic: letter.sourceTopic, messages: [republished(letter)] });
      }
      await transaction.sendOffsets({
        consumerGroupId: progressId,
        topics: [{ topic: dlt, partitions: nextOffsets(batch) }],
      });
      await transaction.commit();
    } catch (err) {
      await transaction.abort().catch(() => undefined);
      throw err;
    }
    sent += batch.length;
    options.progress(`redriven ${sent}/${pending.length} from '${dlt}'`);
  }
  return `redrove ${sent} event(s) from '${dlt}'${already}`;
}

/** The record to send back: original key, value and headers. */
function republished(letter: DeadLetter) {
  const dapr = new Set<string>(DAPR_DEAD_LETTER_HEADERS);
  const headers = Object.fromEntries(
    Object.entries(letter.headers).filter(([name]) => !dapr.has(name)),
  );
  return { key: letter.key, value: letter.value, headers };
}

/** Offset after the last event of each partition in `batch` (sorted by partition, offset). */
function nextOffsets(batch: readonly DeadLetter[]) {
  const next = new Map<number, bigint>();
  for (const l of batch) next.set(l.partition, BigInt(l.offset) + 1n);
  return [...next].map(([partition, offset]) => ({ partition, offset: String(offset) }));
}

/** Transactional id and progress group of a redrive: per topic, and per id selection. */
export function redriveId(dlt: string, ids: readonly string[]): string {
  if (!ids.length) return `todo-events-redrive.${dlt}`;
  const digest = createHash("sha256")
    .update([...new Set(ids)].sort().join("\n"))
    .digest("hex")
    .slice(0, 12);
  return `todo-events-redrive.${dlt}.${digest}`;
}

async function committedOffsets(
  { admin }: KafkaConnection,
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map(
    (offsets?.partitions ?? [])
      .filter((p) => Number(p.offset) >= 0)
      .map((p) => [p.partition, BigInt(p.offset)]),
  );
}
