import type { FastifyInstance } from "fastify";
import { forbidden, validationProblem } from "../../runtime/problem.js";
import { nextOccurrenceSchema } from "../domain/task-input.js";
import type { TaskService } from "../domain/task-service.js";
import type { OutboxRelay } from "../outbox/outbox-relay.js";

/**
 * Routes only the sidecar calls (registered behind the app API token): the series endpoint
 * (service invocation from `recurrence`; `dapr-caller-app-id` is trustworthy here because only
 * daprd, which sets it, holds the token; access control in the Dapr Configuration limits who
 * may call) and the `outbox-sweep` cron input binding.
 */
export function registerInternalRoutes(
  app: FastifyInstance,
  service: TaskService,
  relay: OutboxRelay,
  allowedCallers: readonly string[],
): void {
  app.post<{ Params: { series_id: string } }>(
    "/internal/series/:series_id/occurrences",
    async (req, reply) => {
      const caller = req.headers["dapr-caller-app-id"];
      if (typeof caller !== "string" || !allowedCallers.includes(caller)) {
        throw forbidden(
          `Only ${allowedCallers.join(", ")} may create series occurrences (caller: ${String(caller)})`,
        );
      }
      const parsed = nextOccurrenceSchema.safeParse(req.body ?? {});
      if (!parsed.success) throw validationProblem(parsed.error, "body");
      const { task, created } = await service.createNextOccurrence(
        req.params.series_id,
        parsed.data,
      );
      reply.status(created ? 201 : 200).send(task);
    },
  );

  // Cron input binding `outbox-sweep`: catches up on events a failed publish left behind.
  app.post("/outbox-sweep", async () => {
    await relay.kick();
    return { status: "swept" };
  });
}
