import { Topics } from "../domain/events/topics.js";
import { defineService } from "../service-definition.js";

/** task-api as the infrastructure runs it (IaC, environment schema, `npm run local`). */
export const serviceDefinition = defineService({
  name: "task-api",
  port: 8080,
  exposure: "public",
  publishes: [Topics.taskEvents, Topics.taskUpdates],
  authenticatesUsers: true,
  databaseSchema: "task_api",
  cronBindings: { "outbox-sweep": "@every 2s" },
});
