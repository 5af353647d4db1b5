import { Topics } from "../domain/events/topics.js";
import { sidecarReady } from "../runtime/http-server.js";
import { createServiceApp, type ServiceDeps } from "../runtime/service-app.js";
import type { RecurrenceConfig } from "./config.js";
import { CompletionHandler } from "./domain/completion-handler.js";
import { SeriesActor } from "./domain/series-actor.js";
import { registerActorRoutes } from "./transport/actor-routes.js";

/** Wires recurrence: `task-events` → CompletionHandler → SeriesActor (Dapr actor) → task-api (service invocation). */
export function createRecurrenceApp(deps: ServiceDeps<RecurrenceConfig>) {
  const { config, dapr } = deps;
  const actor = new SeriesActor(dapr, config.TASK_API_APP_ID, deps.logger, deps.metrics.registry);
  const handler = new CompletionHandler(dapr);
  const app = createServiceApp(deps, {
    readiness: [sidecarReady(dapr)],
    subscriptions: [{ topic: Topics.taskEvents, handle: (e) => handler.handle(e) }],
    sidecarRoutes: (sidecar) => registerActorRoutes(sidecar, actor, config.ACTOR_IDLE_TIMEOUT),
  });
  return { app };
}
