import { Topics } from "../domain/events/topics.js";
import { defineService } from "../service-definition.js";

/** recurrence as the infrastructure runs it (IaC, environment schema, `npm run local`). */
export const serviceDefinition = defineService({
  name: "recurrence",
  port: 8082,
  exposure: "internal",
  subscribes: [Topics.taskEvents],
  invokes: ["task-api"],
  actors: ["SeriesActor"],
  env: { TASK_API_APP_ID: "task-api" },
});
