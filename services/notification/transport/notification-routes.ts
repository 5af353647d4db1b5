import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { z } from "zod";
import { assertSameUser, type TokenVerifier } from "../../shared/auth.js";
import { validationProblem } from "../../shared/problem.js";
import type { NotificationRepository } from "../repositories/notification-repository.js";

/** `GET /api/{user_id}/notifications`: the caller's delivered reminders, newest first. */
export function registerNotificationRoutes(
  app: FastifyInstance,
  deps: {
    repository: NotificationRepository;
    pool: pg.Pool;
    verify: TokenVerifier;
  },
): void {
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
