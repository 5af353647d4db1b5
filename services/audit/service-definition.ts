import { Topics } from "../domain/events/topics.js";
import { defineService } from "../service-definition.js";

/** audit as the infrastructure runs it (IaC, environment schema, `npm run local`). */
export const serviceDefinition = defineService({
  name: "audit",
  port: 8081,
  exposure: "public",
  subscribes: [Topics.taskEvents],
  authenticatesUsers: true,
  databaseSchema: "audit",
});
