import type { DaprClient } from "../../runtime/dapr/dapr-client.js";
import type { HandlerOutcome } from "../../runtime/dapr/subscriptions.js";
import { readTaskEvent } from "../../domain/events/task-event.js";
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
 * The per-task state (Dapr state store) ignores stale events by sequence.
 *
 * The state is saved before the job is touched: a job due already fires at once, and
 * ReminderDelivery delivers only what the state still wants, so the state must be there
 * first. An event redelivered with the sequence the state holds may have been cut off between
 * the two (a crash), so its job is applied again: scheduling is an overwrite, and a reminder
 * delivered already is not delivered twice (ReminderDelivery keys it by task and time).
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
    if (state && state.sequence > data.sequence) return "duplicate";

    const task = data.task;
    const wanted =
      (kind === "created" || kind === "updated") && task.status === "pending"
        ? task.remind_at
        : null;
    const reminder = (remindAt: string): Reminder => ({
      task_id: task.id,
      user_id: task.user_id,
      title: task.title,
      remind_at: remindAt,
    });
    const apply = async () => {
      if (wanted)
        await this.dapr.scheduleJob(reminderJobName(task.id), reminderJob(reminder(wanted)));
      else await this.dapr.deleteJob(reminderJobName(task.id));
    };
    if (state?.sequence === data.sequence) {
      await apply();
      return "duplicate";
    }
    const previous = state?.remind_at ?? null;
    await this.dapr.saveState(this.stateStore, key, {
      sequence: data.sequence,
      remind_at: wanted,
    } satisfies ReminderState);
    if (wanted === previous) return "ignored";
    await apply();
    return "success";
  }
}
