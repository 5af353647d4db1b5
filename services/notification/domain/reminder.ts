import type { DaprJob } from "../../runtime/dapr/dapr-client.js";

/** A reminder due for one task at one time; (task_id, remind_at) identifies it. */
export interface Reminder {
  readonly task_id: string;
  readonly user_id: string;
  readonly title: string;
  readonly remind_at: string;
}

/** What notification remembers per task (Dapr state): the last event seen and the reminder it wants. */
export interface ReminderState {
  readonly sequence: number;
  readonly remind_at: string | null;
}

export const reminderJobName = (taskId: string) => `reminder-${taskId}`;

/**
 * The Dapr job that fires `reminder` at its time. A trigger that fails (broker or sidecar
 * away, notification restarting) is retried every 5 s until it succeeds: a reminder is late
 * after an outage, never lost.
 */
export const reminderJob = (reminder: Reminder): DaprJob => ({
  dueTime: reminder.remind_at,
  data: reminder,
  overwrite: true,
  retryInterval: "5s",
});
export const reminderStateKey = (taskId: string) => `reminder-${taskId}`;
/** Deterministic: the same reminder always has the same event id. */
export const reminderEventId = (r: Pick<Reminder, "task_id" | "remind_at">) =>
  `${r.task_id}@${r.remind_at}`;

export const REMINDER_DUE_TYPE = "com.todo.reminder.due.v1";
export const REMINDER_DELIVERED_TYPE = "com.todo.reminder.delivered.v1";
