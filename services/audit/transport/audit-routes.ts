import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { assertSameUser, type TokenVerifier } from "../../shared/auth.js";
import { validationProblem } from "../../shared/problem.js";
import type { AuditRepository } from "../repositories/audit-repository.js";

const auditQuerySchema = z.strictObject({
  task_id: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Id of the last entry of the previous page. */
  after: z.coerce.number().int().min(0).default(0),
});

/** `GET /api/{user_id}/audit?task_id=`: the caller's own audit trail, oldest first. */
export function registerAuditRoutes(
  app: FastifyInstance,
  repository: AuditRepository,
  verify: TokenVerifier,
): void {
  app.get<{ Params: { user_id: string } }>("/api/:user_id/audit", async (req) => {
    const principal = await verify(req.headers.authorization);
    assertSameUser(principal, req.params.user_id);
    const query = auditQuerySchema.safeParse(req.query ?? {});
    if (!query.success) throw validationProblem(query.error, "query");
    const items = await repository.list(
      principal.userId,
      query.data.task_id,
      query.data.limit,
      query.data.after,
    );
    const last = items[items.length - 1];
    return { items, next_after: items.length === query.data.limit && last ? last.id : null };
  });
}
