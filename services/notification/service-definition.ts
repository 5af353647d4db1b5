import { Topics } from "../domain/events/topics.js";
import { defineService } from "../service-definition.js";

/** notification as the infrastructure runs it (IaC, environment schema, `npm run local`). */
export const serviceDefinition = defineService({
  name: "notification",
  port: 8083,
  exposure: "public",
  health: { liveness: "/healthz", readiness: "/readyz" },
  components: ["pubsub", "statestore", "secretstore", "webhook"],
  publishes: [Topics.reminders, Topics.taskUpdates],
  subscribes: [Topics.taskEvents, Topics.reminders],
  consumerGroup: "app",
  invokes: [],
  actors: [],
  jobs: true,
  authenticatesUsers: true,
  databaseSchema: "notification",
  env: { PUBSUB_NAME: "pubsub", STATE_STORE_NAME: "statestore", SECRET_STORE_NAME: "secretstore" },
});
