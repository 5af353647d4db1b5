import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { pathUserAuthorizer, type TokenVerifier } from "../../runtime/auth.js";
import { ApiDocument } from "../../runtime/openapi.js";
import type { AuditRepository } from "../repositories/audit-repository.js";

const auditQuerySchema = z.strictObject({
  task_id: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Id of the last entry of the previous page. */
  after: z.coerce.number().int().min(0).default(0),
});

const auditPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      event_id: z.string(),
      event_type: z.string(),
      task_id: z.uuid(),
      sequence: z.number().int(),
      occurred_at: z.iso.datetime({ offset: true }),
      recorded_at: z.iso.datetime({ offset: true }),
      /** The task snapshot the event carried. */
      task: z.unknown(),
    }),
  ),
  /** Pass as `after` for the next page; null on the last page. */
  next_after: z.number().int().nullable(),
});

/** `GET /api/{user_id}/audit?task_id=`: the caller's own audit trail, oldest first. */
export function registerAuditRoutes(
  app: FastifyInstance,
  repository: AuditRepository,
  verify: TokenVerifier,
): void {
  const api = new ApiDocument({
    info: { title: "audit", version: "1.0.0" },
    authorize: pathUserAuthorizer(verify),
  });
  api.route(
    app,
    {
      method: "GET",
      path: "/api/{user_id}/audit",
      operationId: "listAuditEntries",
      summary: "The caller's audit trail, oldest first, optionally for one task",
      query: auditQuerySchema,
      responses: { 200: { description: "One page of audit entries", schema: auditPageSchema } },
    },
    async ({ userId, query }) => {
      const items = await repository.list(userId, query.task_id, query.limit, query.after);
      const last = items[items.length - 1];
      return { items, next_after: items.length === query.limit && last ? last.id : null };
    },
  );
  api.serve(app);
}
