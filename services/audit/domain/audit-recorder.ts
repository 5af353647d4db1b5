import { readTaskEvent, type CloudEvent } from "../../shared/events/task-event.js";
import type { HandlerOutcome } from "../../shared/dapr/subscriptions.js";
import type { AuditRepository } from "../repositories/audit-repository.js";

/** Records every task event exactly once; old event versions are upcast before storing. */
export class AuditRecorder {
  constructor(private readonly repository: AuditRepository) {}

  async record(envelope: Record<string, unknown>): Promise<HandlerOutcome> {
    const { data } = readTaskEvent(envelope);
    const inserted = await this.repository.append(
      String(envelope.type),
      data,
      envelope as unknown as CloudEvent<unknown>,
    );
    return inserted ? "success" : "duplicate";
  }
}
