import type { DaprClient } from "../../shared/dapr/dapr-client.js";
import type { HandlerOutcome } from "../../shared/dapr/subscriptions.js";
import { readTaskEvent } from "../../shared/events/task-event.js";
import {
  reminderJob,
  reminderJobName,
  reminderStateKey,
  type Reminder,
  type ReminderState,
} from "./reminder.js";

/**
 * `task-events` consumer: keeps one Dapr job per task at its `remind_at`. Created or changed
 * → schedule (overwrite = reschedule); completed, deleted or reminder removed → delete the job.
 * The per-task state (Dapr state store) ignores stale and redelivered events by sequence.
 */
export class ReminderScheduler {
  constructor(
    private readonly dapr: DaprClient,
    private readonly stateStore: string,
  ) {}

  async handle(envelope: Record<string, unknown>): Promise<HandlerOutcome> {
    const { kind, data } = readTaskEvent(envelope);
    const key = reminderStateKey(data.task_id);
    const state = await this.dapr.getState<ReminderState>(this.stateStore, key);
    if (state && state.sequence >= data.sequence) return "duplicate";

    const task = data.task;
    const wanted =
      (kind === "created" || kind === "updated") && task.status === "pending"
        ? task.remind_at
        : null;
    if (wanted && wanted !== state?.remind_at) {
      const reminder: Reminder = {
        task_id: task.id,
        user_id: task.user_id,
        title: task.title,
        remind_at: wanted,
      };
      await this.dapr.scheduleJob(reminderJobName(task.id), reminderJob(reminder));
    } else if (!wanted && state?.remind_at) {
      await this.dapr.deleteJob(reminderJobName(task.id));
    }
    await this.dapr.saveState(this.stateStore, key, {
      sequence: data.sequence,
      remind_at: wanted,
    } satisfies ReminderState);
    return wanted === (state?.remind_at ?? null) ? "ignored" : "success";
  }
}
