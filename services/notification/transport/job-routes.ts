import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { validationProblem } from "../../runtime/problem.js";
import type { ReminderDispatcher } from "../domain/reminder-dispatcher.js";
import type { Reminder } from "../domain/reminder.js";

/** A reminder job's data, as ReminderScheduler stored it. */
const reminderSchema = z.object({
  task_id: z.uuid(),
  user_id: z.string().min(1),
  title: z.string(),
  remind_at: z.iso.datetime({ offset: true }),
});

/** Job callbacks from daprd (`POST /job/<name>`), registered on the sidecar-only scope. */
export function registerJobRoutes(app: FastifyInstance, dispatcher: ReminderDispatcher): void {
  // A body that is not a reminder must not reach `reminders`.
  app.post<{ Params: { name: string } }>("/job/:name", async (req) => {
    const parsed = reminderSchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error, "body");
    const outcome = await dispatcher.fire(parsed.data satisfies Reminder);
    return { outcome };
  });
}
