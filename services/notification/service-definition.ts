import { Topics } from "../domain/events/topics.js";
import { defineService } from "../service-definition.js";

/** notification as the infrastructure runs it (IaC, environment schema, `npm run local`). */
export const serviceDefinition = defineService({
  name: "notification",
  port: 8083,
  exposure: "public",
  publishes: [Topics.reminders, Topics.taskUpdates],
  subscribes: [Topics.taskEvents, Topics.reminders],
  jobs: true,
  authenticatesUsers: true,
  databaseSchema: "notification",
  stateStore: true,
  outputBindings: ["webhook"],
});
