import { CliError } from "./cli-error.js";
import { formatTable } from "./format-table.js";
import { requireTopic, type KafkaConnection } from "./kafka-connection.js";
import type { StartPosition } from "./start-position.js";

/**
 * `replay <topic> --from <position> --to-group <group> [--dry-run]`: moves a consumer group's
 * committed offsets on `topic` back (or forward), so the group's consumers re-read the topic
 * from there when they start. Refused while the group has members: a running consumer would
 * overwrite the reset with its own next commit. Consumers must be idempotent (ours are).
 */
export async function replay(
  { admin }: KafkaConnection,
  topic: string,
  options: { from: StartPosition; group: string; dryRun: boolean },
): Promise<string> {
  await requireTopic(admin, topic);
  const { groups } = await admin.describeGroups([options.group]);
  const members = groups[0]?.members ?? [];
  if (members.length)
    throw new CliError(
      `consumer group '${options.group}' has ${members.length} active member(s) (${[...new Set(members.map((m) => m.clientId))].join(", ")}): stop its consumers first (e.g. scale the service to 0), then replay`,
    );
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId: options.group, topics: [topic] });
  const current = new Map(
    (committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]),
  );
  const atTime =
    options.from.kind === "time"
      ? new Map(
          (await admin.fetchTopicOffsetsByTimestamp(topic, options.from.at.getTime())).map((p) => [
            p.partition,
            BigInt(p.offset),
          ]),
        )
      : undefined;
  const targets = ends
    .map(({ partition, low, high }) => {
      const [first, end] = [BigInt(low), BigInt(high)];
      const wanted =
        options.from.kind === "earliest"
          ? first
          : options.from.kind === "latest"
            ? end
            : options.from.kind === "offset"
              ? options.from.offset
              : (atTime?.get(partition) ?? -1n);
      // No record at or after the time: start at the end. Outside the retained range: clamp.
      const offset = wanted < 0n ? end : wanted < first ? first : wanted > end ? end : wanted;
      return { partition, from: current.get(partition) ?? -1n, offset, end };
    })
    .sort((a, b) => a.partition - b.partition);

  if (!options.dryRun) {
    await admin.setOffsets({
      groupId: options.group,
      topic,
      partitions: targets.map((t) => ({ partition: t.partition, offset: String(t.offset) })),
    });
  }
  const toRead = targets.reduce((n, t) => n + (t.end - t.offset), 0n);
  return [
    formatTable(
      ["PARTITION", "COMMITTED", "NEW", "END"],
      targets.map((t) => [
        String(t.partition),
        t.from < 0n ? "-" : String(t.from),
        String(t.offset),
        String(t.end),
      ]),
    ),
    `${options.dryRun ? "would reset" : "reset"} consumer group '${options.group}' on '${topic}': it re-reads ${toRead} event(s) when it starts`,
  ].join("\n");
}
