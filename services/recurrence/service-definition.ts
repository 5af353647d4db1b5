import { serviceImage, type ServiceDefinition } from "../shared/service-definition.js";

/** recurrence as the infrastructure runs it (IaC Service construct, `npm run local`). */
export const serviceDefinition: ServiceDefinition = {
  name: "recurrence",
  port: 8082,
  daprAppId: "recurrence",
  image: serviceImage("recurrence"),
  entryPoint: "services/recurrence/main.ts",
  health: { liveness: "/healthz", readiness: "/readyz", metrics: "/metrics" },
  components: ["pubsub", "statestore"],
  publishes: [],
  subscribes: ["task-events"],
  invokes: ["task-api"],
  actors: ["SeriesActor"],
  usesJobs: false,
  secrets: [],
  env: { PORT: "8082", PUBSUB_NAME: "pubsub", TASK_API_APP_ID: "task-api" },
};
