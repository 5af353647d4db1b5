import type { DaprClient } from "../../runtime/dapr/dapr-client.js";
import type { HandlerOutcome } from "../../runtime/dapr/subscriptions.js";
import { readTaskEvent } from "../../domain/events/task-event.js";
import { SERIES_ACTOR_TYPE, type CompletionResult } from "./series-actor.js";

/** `task-events` consumer: hands completions of recurring tasks to their series actor. */
export class CompletionHandler {
  constructor(private readonly dapr: DaprClient) {}

  async handle(envelope: Record<string, unknown>): Promise<HandlerOutcome> {
    const { kind, data } = readTaskEvent(envelope);
    const task = data.task;
    if (kind !== "completed" || !task.recurrence || !task.series_id || !task.due_at)
      return "ignored";
    const result = await this.dapr.invokeActor<CompletionResult>(
      SERIES_ACTOR_TYPE,
      task.series_id,
      "completeOccurrence",
      data,
    );
    return result.outcome === "duplicate" ? "duplicate" : "success";
  }
}
