import type pg from "pg";
import type { Histogram } from "prom-client";
import type { DaprClient } from "../../runtime/dapr/dapr-client.js";
import type { HandlerOutcome } from "../../runtime/dapr/subscriptions.js";
import { inTransaction } from "../../runtime/db/pool.js";
import { PoisonEventError } from "../../runtime/dapr/delivery-failure.js";
import { Topics } from "../../domain/events/topics.js";
import type { NotificationRepository } from "../repositories/notification-repository.js";
import {
  REMINDER_DELIVERED_TYPE,
  reminderStateKey,
  type Reminder,
  type ReminderState,
} from "./reminder.js";

/**
 * `reminders` consumer: delivers a reminder once per (task, remind_at) — stored, pushed to the
 * user's realtime clients through `task-updates`, and posted to the webhook binding when one
 * is configured. A reminder whose task was completed, deleted or rescheduled meanwhile is dropped.
 */
export class ReminderDelivery {
  constructor(
    private readonly deps: {
      pool: pg.Pool;
      repository: NotificationRepository;
      dapr: DaprClient;
      pubsub: string;
      stateStore: string;
      webhookBinding?: string;
      /** Seconds from `remind_at` to delivery. @default - not measured */
      delay?: Histogram;
    },
  ) {}

  async handle(envelope: Record<string, unknown>): Promise<HandlerOutcome> {
    const reminder = envelope.data as Reminder | undefined;
    if (!reminder?.task_id || !reminder.remind_at || !reminder.user_id) {
      throw new PoisonEventError(`not a reminder: ${JSON.stringify(envelope).slice(0, 200)}`);
    }
    const { dapr, stateStore } = this.deps;
    const state = await dapr.getState<ReminderState>(
      stateStore,
      reminderStateKey(reminder.task_id),
    );
    if (
      !state ||
      state.remind_at === null ||
      Date.parse(state.remind_at) !== Date.parse(reminder.remind_at)
    )
      return "ignored";

    const outcome = await inTransaction(this.deps.pool, async (client) => {
      if (!(await this.deps.repository.recordDelivery(client, reminder))) return "duplicate";
      const deliveredAt = new Date().toISOString();
      await dapr.publish(
        this.deps.pubsub,
        Topics.taskUpdates,
        {
          specversion: "1.0",
          id: `delivered-${String(envelope.id)}`,
          source: "notification",
          type: REMINDER_DELIVERED_TYPE,
          subject: reminder.task_id,
          time: deliveredAt,
          datacontenttype: "application/json",
          data: { ...reminder, delivered_at: deliveredAt },
        },
        { partitionKey: reminder.task_id },
      );
      if (this.deps.webhookBinding) {
        await dapr.invokeBinding(this.deps.webhookBinding, "post", {
          ...reminder,
          delivered_at: deliveredAt,
        });
      }
      return "success" as const;
    });
    // Counted once committed: a delivery that is retried is late only once.
    if (outcome === "success")
      this.deps.delay?.observe(Math.max(0, (Date.now() - Date.parse(reminder.remind_at)) / 1000));
    return outcome;
  }
}
