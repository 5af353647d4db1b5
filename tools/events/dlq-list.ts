import type { KafkaConnection } from "./kafka-connection.js";
import { requireTopic } from "./kafka-connection.js";
import { deadLetterTopicOf, readDeadLetters, type DeadLetter } from "./dead-letters.js";
import { formatTable } from "./format-table.js";

/** `dlq list <topic> [--json]`: every dead-lettered event with why it failed. */
export async function dlqList(
  connection: KafkaConnection,
  topic: string,
  options: { json: boolean },
): Promise<string> {
  const { dlt } = deadLetterTopicOf(topic);
  await requireTopic(connection.admin, dlt);
  const letters = await readDeadLetters(connection, dlt);
  if (options.json) return JSON.stringify(letters.map(toJson), null, 2);
  if (!letters.length) return `${dlt}: no dead-lettered events`;
  return [
    `${dlt}: ${letters.length} dead-lettered event(s)`,
    formatTable(
      ["PARTITION:OFFSET", "KEY", "TYPE", "EVENT ID", "AGE", "REASON"],
      letters.map((l) => [
        `${l.partition}:${l.offset}`,
        l.key ?? "-",
        l.eventType ?? "(not a CloudEvent)",
        l.eventId ?? "-",
        formatAge(l.ageSeconds),
        l.failure ? `${l.failure.service}: ${l.failure.reason}` : "(no failure note)",
      ]),
    ),
  ].join("\n");
}

/** The `--json` shape: stable field names for scripts; the value as parsed JSON when it is JSON. */
function toJson(letter: DeadLetter) {
  const { value, ...rest } = letter;
  let event: unknown = value?.toString() ?? null;
  try {
    event = JSON.parse(String(event));
  } catch {
    // not JSON: keep the text
  }
  return { ...rest, event };
}

/** `95` → `1m35s`, `7260` → `2h1m`, `180000` → `2d2h`. */
export function formatAge(seconds: number): string {
  const units: [string, number][] = [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || (unit === "s" && !parts.length)) parts.push(`${n}${unit}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join("");
}
