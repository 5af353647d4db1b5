import { serviceImage, type ServiceDefinition } from "../shared/service-definition.js";

/** task-api as the infrastructure runs it (IaC Service construct, `npm run local`). */
export const serviceDefinition: ServiceDefinition = {
  name: "task-api",
  port: 8080,
  daprAppId: "task-api",
  image: serviceImage("task-api"),
  entryPoint: "services/task-api/main.ts",
  health: { liveness: "/healthz", readiness: "/readyz", metrics: "/metrics" },
  components: ["pubsub", "secretstore", "outbox-sweep"],
  publishes: ["task-events", "task-updates"],
  subscribes: [],
  invokes: [],
  actors: [],
  usesJobs: false,
  secrets: ["task-api-database-url", "auth-hs256-secret"],
  databaseSchema: "task_api",
  env: {
    PORT: "8080",
    PUBSUB_NAME: "pubsub",
    SECRET_STORE_NAME: "secretstore",
    INTERNAL_CALLERS: "recurrence",
  },
  cronBindings: { "outbox-sweep": "@every 2s" },
};
