import type { FastifyInstance } from "fastify";
import type { TaskEventData } from "../../domain/events/task-event.js";
import { notFound } from "../../runtime/problem.js";
import { SERIES_ACTOR_TYPE, type SeriesActor } from "../domain/series-actor.js";

/** The Dapr actor host protocol over HTTP: actor types, method calls, deactivation. */
export function registerActorRoutes(
  app: FastifyInstance,
  actor: SeriesActor,
  idleTimeout: string,
): void {
  app.get("/dapr/config", async () => ({
    entities: [SERIES_ACTOR_TYPE],
    actorIdleTimeout: idleTimeout,
    drainOngoingCallTimeout: "30s",
    drainRebalancedActors: true,
  }));

  app.put<{ Params: { type: string; id: string; method: string } }>(
    "/actors/:type/:id/method/:method",
    async (req) => {
      if (req.params.type !== SERIES_ACTOR_TYPE || req.params.method !== "completeOccurrence") {
        throw notFound(`No actor method ${req.params.type}.${req.params.method}`);
      }
      return actor.completeOccurrence(req.params.id, req.body as TaskEventData);
    },
  );

  // Nothing is cached in memory between calls, so deactivation has nothing to release.
  app.delete("/actors/:type/:id", async () => ({}));
}
