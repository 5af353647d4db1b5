import type { IHeaders } from "kafkajs";
import {
  DELIVERY_FAILED_TYPE,
  DELIVERY_FAILURES_TOPIC,
  type DeliveryFailure,
} from "../../services/runtime/dapr/delivery-failures.js";
import type { KafkaConnection } from "./kafka-connection.js";
import { readTopic, type TopicRecord } from "./read-topic.js";

/** Suffix of every dead-letter topic (DESIGN.md "Events"). */
export const DLT_SUFFIX = ".dlt";

/**
 * Headers daprd 1.18 adds when it dead-letters an event: the consumed message's metadata
 * (Kafka key, source topic, partition, offset, timestamp) and the pub/sub name. It records no
 * error. A redrive drops them: on redelivery daprd would read them back as the event's metadata.
 */
export const DAPR_DEAD_LETTER_HEADERS = [
  "__key",
  "__topic",
  "__partition",
  "__offset",
  "__timestamp",
  "pubsubName",
] as const;

/** One dead-lettered event, decoded. */
export interface DeadLetter {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly eventType: string | null;
  readonly eventId: string | null;
  /** Topic the event was consumed from (daprd's `__topic`, else the DLT name without `.dlt`). */
  readonly sourceTopic: string;
  /** Where it sat in the source topic, as daprd recorded. */
  readonly source: { readonly partition?: number; readonly offset?: string; readonly at?: string };
  /** When it was dead-lettered (the DLT record's timestamp). */
  readonly deadLetteredAt: string;
  readonly ageSeconds: number;
  /** Why its last delivery failed, from the consumer's failure note. @default - none noted */
  readonly failure?: Pick<DeliveryFailure, "reason" | "service" | "failed_at">;
  /** Every header of the DLT record. */
  readonly headers: Readonly<Record<string, string>>;
  readonly value: Buffer | null;
}

/** The dead-letter topic of `topic` (either name may be given). */
export function deadLetterTopicOf(topic: string): { source: string; dlt: string } {
  return topic.endsWith(DLT_SUFFIX)
    ? { source: topic.slice(0, -DLT_SUFFIX.length), dlt: topic }
    : { source: topic, dlt: `${topic}${DLT_SUFFIX}` };
}

/** Reads every dead-lettered event of `dlt`, each joined with the latest failure note. */
export async function readDeadLetters(
  connection: KafkaConnection,
  dlt: string,
  now = Date.now(),
): Promise<DeadLetter[]> {
  const records = await readTopic(connection, dlt);
  const { source } = deadLetterTopicOf(dlt);
  const notes = (await connection.admin.listTopics()).includes(DELIVERY_FAILURES_TOPIC)
    ? await latestFailureNotes(connection)
    : new Map<string, DeliveryFailure>();
  return records.map((record) => decode(record, source, notes, now));
}

function decode(
  { partition, message }: TopicRecord,
  fallbackSource: string,
  notes: Map<string, DeliveryFailure>,
  now: number,
): DeadLetter {
  const headers = decodeHeaders(message.headers);
  const envelope = parseJson(message.value);
  const eventId = typeof envelope?.id === "string" ? envelope.id : null;
  const sourceTopic = headers.__topic ?? fallbackSource;
  const note = eventId ? notes.get(`${sourceTopic}/${eventId}`) : undefined;
  const at = Number(message.timestamp);
  const sourceAt = Number(headers.__timestamp);
  return {
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? headers.__key ?? null,
    eventType: typeof envelope?.type === "string" ? envelope.type : null,
    eventId,
    sourceTopic,
    source: {
      ...(headers.__partition !== undefined ? { partition: Number(headers.__partition) } : {}),
      ...(headers.__offset !== undefined ? { offset: headers.__offset } : {}),
      ...(Number.isFinite(sourceAt) && headers.__timestamp
        ? { at: new Date(sourceAt).toISOString() }
        : {}),
    },
    deadLetteredAt: new Date(at).toISOString(),
    ageSeconds: Math.max(0, Math.round((now - at) / 1000)),
    ...(note
      ? { failure: { reason: note.reason, service: note.service, failed_at: note.failed_at } }
      : {}),
    headers,
    value: message.value,
  };
}

/** The latest failure note per `<topic>/<event id>`. */
async function latestFailureNotes(
  connection: KafkaConnection,
): Promise<Map<string, DeliveryFailure>> {
  const notes = new Map<string, DeliveryFailure>();
  for (const { message } of await readTopic(connection, DELIVERY_FAILURES_TOPIC)) {
    const envelope = parseJson(message.value);
    if (envelope?.type !== DELIVERY_FAILED_TYPE) continue;
    const note = envelope.data as DeliveryFailure;
    const key = `${note.topic}/${note.event_id}`;
    const known = notes.get(key);
    if (!known || known.failed_at <= note.failed_at) notes.set(key, note);
  }
  return notes;
}

export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined)
      decoded[name] = Array.isArray(value) ? value.map(String).join(",") : value.toString();
  }
  return decoded;
}

function parseJson(value: Buffer | null): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(value?.toString() ?? "");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
