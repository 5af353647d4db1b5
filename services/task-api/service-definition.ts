import { Topics } from "../domain/events/topics.js";
import { defineService } from "../service-definition.js";

/** task-api as the infrastructure runs it (IaC, environment schema, `npm run local`). */
export const serviceDefinition = defineService({
  name: "task-api",
  port: 8080,
  exposure: "public",
  health: { liveness: "/healthz", readiness: "/readyz" },
  components: ["pubsub", "secretstore", "outbox-sweep"],
  publishes: [Topics.taskEvents, Topics.taskUpdates],
  subscribes: [],
  consumerGroup: "app",
  invokes: [],
  actors: [],
  jobs: false,
  authenticatesUsers: true,
  databaseSchema: "task_api",
  env: { PUBSUB_NAME: "pubsub", SECRET_STORE_NAME: "secretstore" },
  cronBindings: { "outbox-sweep": "@every 2s" },
});
