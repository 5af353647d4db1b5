import { Counter, type Registry } from "prom-client";
import { DaprError, type DaprClient } from "../../runtime/dapr/dapr-client.js";
import type { TaskEventData } from "../../domain/events/task-event.js";
import type { Logger } from "../../runtime/logger.js";
import { nextOccurrence } from "../../domain/recurrence/next-occurrence.js";

export const SERIES_ACTOR_TYPE = "SeriesActor";

/** What the actor did for one completion. */
export interface CompletionResult {
  readonly outcome: "created" | "existing" | "series-ended" | "duplicate" | "template-gone";
  readonly next_task_id?: string;
  readonly next_due_at?: string;
  readonly occurrence?: number;
}

interface HandledCompletion extends CompletionResult {
  readonly event_id: string;
}

/**
 * One Dapr actor per series (actor id = series id). Dapr runs one call per actor at a time,
 * so completions of one series are handled strictly one after another: a redelivered or a
 * concurrent completion finds the first one's result in the actor state and creates nothing.
 * (task-api's unique (series_id, occurrence) is the second line of defence.)
 */
export class SeriesActor {
  private readonly completions: Counter<"outcome">;

  constructor(
    private readonly dapr: DaprClient,
    private readonly taskApiAppId: string,
    private readonly logger: Logger,
    registry: Registry,
  ) {
    this.completions = new Counter({
      name: "recurrence_completions_total",
      help: "Completions of recurring tasks by outcome (created, existing, series-ended, duplicate, template-gone)",
      labelNames: ["outcome"],
      registers: [registry],
    });
  }

  async completeOccurrence(seriesId: string, event: TaskEventData): Promise<CompletionResult> {
    const key = `completed-${event.task_id}`;
    const handled = await this.dapr.getActorState<HandledCompletion>(
      SERIES_ACTOR_TYPE,
      seriesId,
      key,
    );
    if (handled) {
      this.completions.inc({ outcome: "duplicate" });
      return { ...handled, outcome: "duplicate" };
    }

    const result = await this.createNext(seriesId, event);
    await this.dapr.saveActorState(SERIES_ACTOR_TYPE, seriesId, {
      [key]: { ...result, event_id: event.event_id },
    });
    this.completions.inc({ outcome: result.outcome });
    this.logger.info(
      { series_id: seriesId, task_id: event.task_id, ...result },
      "completion handled",
    );
    return result;
  }

  private async createNext(seriesId: string, event: TaskEventData): Promise<CompletionResult> {
    const task = event.task;
    const next = nextOccurrence(
      task.recurrence!,
      task.recurrence!.dtstart!,
      {
        dueAt: new Date(task.due_at!),
        occurrence: task.occurrence ?? 1,
        instance: task.recurrence!.instance,
      },
      new Date(task.completed_at ?? event.occurred_at),
    );
    if (!next) return { outcome: "series-ended" };
    try {
      const created = await this.dapr.invoke<{ id: string; due_at: string }>(
        this.taskApiAppId,
        `internal/series/${seriesId}/occurrences`,
        "POST",
        {
          from_task_id: task.id,
          user_id: task.user_id,
          occurrence: next.occurrence,
          due_at: next.dueAt.toISOString(),
          instance: next.instance,
        },
      );
      return {
        outcome: "created",
        next_task_id: created.id,
        next_due_at: created.due_at,
        occurrence: next.occurrence,
      };
    } catch (err) {
      // The completed task was deleted before we got here: the user ended the series.
      if (err instanceof DaprError && err.status === 404) return { outcome: "template-gone" };
      throw err;
    }
  }
}
