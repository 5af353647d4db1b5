import { readTaskEvent, type CloudEvent } from "../../domain/events/task-event.js";
import type { HandlerOutcome } from "../../runtime/dapr/subscriptions.js";
import type { AuditEvent, AuditRepository } from "../repositories/audit-repository.js";

/** Records every task event exactly once; old event versions are upcast before storing. */
export class AuditRecorder {
  constructor(private readonly repository: AuditRepository) {}

  async record(envelope: Record<string, unknown>): Promise<HandlerOutcome> {
    const [result] = await this.recordAll([envelope]);
    if (result instanceof Error) throw result;
    return result!;
  }

  /**
   * Records a batch in delivery order with one insert; one result per envelope. A poison
   * envelope is its own error and does not hold back the others. When the insert fails, each
   * event is retried alone so one bad row cannot fail its neighbours; a failure that is not
   * about the row (database down) stops there and leaves it and the rest to be redelivered,
   * so no event of a task is recorded ahead of an earlier one.
   */
  async recordAll(
    envelopes: readonly Record<string, unknown>[],
  ): Promise<(HandlerOutcome | Error)[]> {
    const results: (HandlerOutcome | Error)[] = [];
    const valid: { index: number; event: AuditEvent }[] = [];
    envelopes.forEach((envelope, index) => {
      try {
        const { data } = readTaskEvent(envelope);
        const event = {
          type: String(envelope.type),
          data,
          envelope: envelope as unknown as CloudEvent<unknown>,
        };
        valid.push({ index, event });
      } catch (err) {
        results[index] = err as Error;
      }
    });
    try {
      const inserted = await this.repository.appendAll(valid.map((v) => v.event));
      valid.forEach((v, i) => (results[v.index] = inserted[i] ? "success" : "duplicate"));
    } catch (batchError) {
      if (valid.length === 1 || !isRowError(batchError)) throw batchError;
      let stopped: Error | undefined;
      for (const { index, event } of valid) {
        if (stopped) {
          results[index] = stopped;
          continue;
        }
        try {
          const [inserted] = await this.repository.appendAll([event]);
          results[index] = inserted ? "success" : "duplicate";
        } catch (err) {
          results[index] = err as Error;
          if (!isRowError(err)) stopped = err as Error;
        }
      }
    }
    return results;
  }
}

/** Postgres data exceptions (22) and integrity violations (23) are about a row's values. */
function isRowError(err: unknown): boolean {
  return /^2[23]/.test(String((err as { code?: string }).code ?? ""));
}
