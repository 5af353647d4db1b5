import type { DaprClient } from "../../runtime/dapr/dapr-client.js";
import { Topics } from "../../domain/events/topics.js";
import {
  REMINDER_DUE_TYPE,
  reminderEventId,
  reminderJob,
  reminderJobName,
  type Reminder,
} from "./reminder.js";

/**
 * Runs when a reminder job fires: publishes the reminder to `reminders`. Dapr never fires a
 * job early; if this host's clock disagrees, the job is put back rather than delivered early.
 */
export class ReminderDispatcher {
  constructor(
    private readonly dapr: DaprClient,
    private readonly pubsub: string,
  ) {}

  async fire(reminder: Reminder): Promise<"published" | "rescheduled"> {
    if (Date.now() < Date.parse(reminder.remind_at)) {
      await this.dapr.scheduleJob(reminderJobName(reminder.task_id), reminderJob(reminder));
      return "rescheduled";
    }
    const id = reminderEventId(reminder);
    await this.dapr.publish(
      this.pubsub,
      Topics.reminders,
      {
        specversion: "1.0",
        id,
        source: "notification",
        type: REMINDER_DUE_TYPE,
        subject: reminder.task_id,
        time: new Date().toISOString(),
        datacontenttype: "application/json",
        data: { event_id: id, ...reminder },
      },
      { partitionKey: reminder.task_id },
    );
    return "published";
  }
}
