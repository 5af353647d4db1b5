import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { z } from "zod";
import { assertSameUser, type TokenVerifier } from "../../shared/auth.js";
import { validationProblem } from "../../shared/problem.js";
import type { ReminderDispatcher } from "../domain/reminder-dispatcher.js";
import type { Reminder } from "../domain/reminder.js";
import type { NotificationRepository } from "../repositories/notification-repository.js";

/** Job callbacks from daprd (`POST /job/<name>`) and the user's notification list. */
export function registerNotificationRoutes(
  app: FastifyInstance,
  deps: {
    dispatcher: ReminderDispatcher;
    repository: NotificationRepository;
    pool: pg.Pool;
    verify: TokenVerifier;
  },
): void {
  // Only the scheduler calls this; a body that is not a reminder must not reach `reminders`.
  const reminder = z.object({
    task_id: z.uuid(),
    user_id: z.string().min(1),
    title: z.string(),
    remind_at: z.iso.datetime({ offset: true }),
  });
  app.post<{ Params: { name: string } }>("/job/:name", async (req) => {
    const parsed = reminder.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error, "body");
    const outcome = await deps.dispatcher.fire(parsed.data satisfies Reminder);
    return { outcome };
  });

  const query = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });
  app.get<{ Params: { user_id: string } }>("/api/:user_id/notifications", async (req) => {
    const principal = await deps.verify(req.headers.authorization);
    assertSameUser(principal, req.params.user_id);
    const parsed = query.safeParse(req.query ?? {});
    if (!parsed.success) throw validationProblem(parsed.error, "query");
    return {
      items: await deps.repository.listForUser(deps.pool, principal.userId, parsed.data.limit),
    };
  });
}
