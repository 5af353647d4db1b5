import { Topics } from "../domain/events/topics.js";
import { defineService } from "../service-definition.js";

/** recurrence as the infrastructure runs it (IaC, environment schema, `npm run local`). */
export const serviceDefinition = defineService({
  name: "recurrence",
  port: 8082,
  exposure: "internal",
  health: { liveness: "/healthz", readiness: "/readyz" },
  components: ["pubsub", "statestore"],
  publishes: [],
  subscribes: [Topics.taskEvents],
  consumerGroup: "app",
  invokes: ["task-api"],
  actors: ["SeriesActor"],
  jobs: false,
  authenticatesUsers: false,
  env: { PUBSUB_NAME: "pubsub", TASK_API_APP_ID: "task-api" },
});
