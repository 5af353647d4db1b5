import { Topics } from "../domain/events/topics.js";
import { defineService } from "../service-definition.js";

/**
 * realtime as the infrastructure runs it. Every replica must see every update (its clients
 * may be any user's), hence a consumer group per replica.
 */
export const serviceDefinition = defineService({
  name: "realtime",
  port: 8084,
  exposure: "public",
  health: { liveness: "/healthz", readiness: "/readyz" },
  components: ["pubsub", "secretstore"],
  publishes: [],
  subscribes: [Topics.taskUpdates],
  consumerGroup: "replica",
  invokes: [],
  actors: [],
  jobs: false,
  authenticatesUsers: true,
  env: { PUBSUB_NAME: "pubsub", SECRET_STORE_NAME: "secretstore", HEARTBEAT_SECONDS: "30" },
});
