import { Topics } from "../domain/events/topics.js";
import { defineService } from "../service-definition.js";

/** audit as the infrastructure runs it (IaC, environment schema, `npm run local`). */
export const serviceDefinition = defineService({
  name: "audit",
  port: 8081,
  exposure: "public",
  health: { liveness: "/healthz", readiness: "/readyz" },
  components: ["pubsub", "secretstore"],
  publishes: [],
  subscribes: [Topics.taskEvents],
  consumerGroup: "app",
  invokes: [],
  actors: [],
  jobs: false,
  authenticatesUsers: true,
  databaseSchema: "audit",
  env: { PUBSUB_NAME: "pubsub", SECRET_STORE_NAME: "secretstore" },
});
