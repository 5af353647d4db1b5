/**
 * `npm run events -- <command>`: day-two operations on the event system's Kafka topics.
 *
 *   dlq list <topic> [--json]
 *   dlq redrive <topic> (--id <event id>... | --all) [--dry-run] [--batch-size <n>]
 *   replay <topic> --from <earliest|latest|offset|RFC 3339 time> --to-group <group> [--dry-run]
 *
 * Brokers come from --brokers or KAFKA_BROKERS. Operator errors print one line and exit 2.
 */
import { parseArgs } from "node:util";
import { CliError, explainKafkaError } from "./cli-error.js";
import { dlqList } from "./dlq-list.js";
import { dlqRedrive } from "./dlq-redrive.js";
import { connectKafka, type KafkaConnection } from "./kafka-connection.js";
import { replay } from "./replay.js";
import { parseStartPosition } from "./start-position.js";

const USAGE = `usage: npm run events -- <command> [--brokers host:port]
  dlq list <topic> [--json]                 dead-lettered events of <topic> with why they failed
  dlq redrive <topic> (--id <event id>... | --all) [--dry-run] [--batch-size <n>]
                                            send them back to <topic>, exactly once
  replay <topic> --from <earliest|latest|offset|time> --to-group <group> [--dry-run]
                                            make a stopped consumer group re-read <topic>`;

const OPTIONS = {
  brokers: { type: "string" },
  json: { type: "boolean", default: false },
  id: { type: "string", multiple: true, default: [] as string[] },
  all: { type: "boolean", default: false },
  "dry-run": { type: "boolean", default: false },
  "batch-size": { type: "string" },
  from: { type: "string" },
  "to-group": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

async function run(argv: string[]): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help || !positionals.length) return USAGE;
  const [command, sub, ...rest] = positionals;
  const command2 = command === "dlq" ? `dlq ${sub ?? ""}`.trim() : command!;
  const topic = command === "dlq" ? rest[0] : sub;
  const extra = command === "dlq" ? rest.slice(1) : rest;
  if (!["dlq list", "dlq redrive", "replay"].includes(command2))
    throw new CliError(`unknown command '${positionals.join(" ")}'\n${USAGE}`);
  if (!topic) throw new CliError(`${command2}: name the topic, e.g. task-events\n${USAGE}`);
  if (extra.length) throw new CliError(`${command2}: unexpected argument '${extra[0]}'`);

  // Validate everything that needs no broker before connecting.
  const from = command2 === "replay" ? parseStartPosition(values.from) : undefined;
  if (command2 === "replay" && !values["to-group"])
    throw new CliError("replay: --to-group <consumer group> is required (e.g. audit)");
  const batchSize = values["batch-size"] === undefined ? undefined : Number(values["batch-size"]);

  const brokers = values.brokers ?? process.env.KAFKA_BROKERS;
  let connection: KafkaConnection | undefined;
  try {
    connection = await connectKafka(brokers);
    if (command2 === "dlq list") return await dlqList(connection, topic, { json: values.json });
    if (command2 === "dlq redrive")
      return await dlqRedrive(connection, topic, {
        ids: values.id,
        all: values.all,
        dryRun: values["dry-run"],
        ...(batchSize === undefined ? {} : { batchSize }),
        progress: (line) => process.stderr.write(`${line}\n`),
      });
    return await replay(connection, topic, {
      from: from!,
      group: values["to-group"]!,
      dryRun: values["dry-run"],
    });
  } catch (err) {
    throw explainKafkaError(err, connection?.brokers ?? (brokers ?? "").split(","));
  } finally {
    await connection?.admin.disconnect();
  }
}

try {
  process.stdout.write(`${await run(process.argv.slice(2))}\n`);
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`events: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    process.env.EVENTS_DEBUG
      ? `${(err as Error).stack}\n`
      : `events: ${(err as Error).message} (EVENTS_DEBUG=1 shows the stack)\n`,
  );
  process.exit(1);
}
