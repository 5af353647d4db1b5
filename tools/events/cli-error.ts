/**
 * An error meant for the operator: printed as one line without a stack trace, exit code 2.
 * Everything else that escapes a command is a bug and keeps its stack.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** kafkajs error names that mean "no broker answered", at any depth of the cause chain. */
const UNREACHABLE = new Set([
  "KafkaJSConnectionError",
  "KafkaJSConnectionClosedError",
  "KafkaJSRequestTimeoutError",
  "KafkaJSBrokerNotFound",
]);

/** Turns kafkajs's "could not connect" errors (often wrapped in a retry error) into a CliError. */
export function explainKafkaError(err: unknown, brokers: readonly string[]): unknown {
  for (let e = err as { name?: string; message?: string; cause?: unknown } | undefined; e;) {
    if (e.name && UNREACHABLE.has(e.name))
      return new CliError(
        `cannot reach the Kafka broker at ${brokers.join(",")} (${e.message}); check --brokers or KAFKA_BROKERS`,
      );
    e = (e.cause ?? (e as { originalError?: unknown }).originalError) as typeof e;
  }
  return err;
}
