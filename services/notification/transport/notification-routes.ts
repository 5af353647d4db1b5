import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { z } from "zod";
import { pathUserAuthorizer, type TokenVerifier } from "../../runtime/auth.js";
import { ApiDocument } from "../../runtime/openapi.js";
import type { NotificationRepository } from "../repositories/notification-repository.js";

const notificationQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const notificationPageSchema = z.object({
  items: z.array(
    z.object({
      task_id: z.uuid(),
      user_id: z.string(),
      title: z.string(),
      remind_at: z.iso.datetime({ offset: true }),
      delivered_at: z.iso.datetime({ offset: true }),
    }),
  ),
});

/** `GET /api/{user_id}/notifications`: the caller's delivered reminders, newest first. */
export function registerNotificationRoutes(
  app: FastifyInstance,
  deps: {
    repository: NotificationRepository;
    pool: pg.Pool;
    verify: TokenVerifier;
  },
): void {
  const api = new ApiDocument({
    info: { title: "notification", version: "1.0.0" },
    authorize: pathUserAuthorizer(deps.verify),
  });
  api.route(
    app,
    {
      method: "GET",
      path: "/api/{user_id}/notifications",
      operationId: "listNotifications",
      summary: "The caller's delivered reminders, newest first",
      query: notificationQuerySchema,
      responses: {
        200: { description: "The latest delivered reminders", schema: notificationPageSchema },
      },
    },
    async ({ userId, query }) => ({
      items: await deps.repository.listForUser(deps.pool, userId, query.limit),
    }),
  );
  api.serve(app);
}
