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
  subscribes: [Topics.taskUpdates],
  consumerGroup: "replica",
  authenticatesUsers: true,
  env: { HEARTBEAT_SECONDS: "30" },
});
