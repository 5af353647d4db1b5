import { serviceImage, type ServiceDefinition } from "../shared/service-definition.js";

/** notification as the infrastructure runs it (IaC Service construct, `npm run local`). */
export const serviceDefinition: ServiceDefinition = {
  name: "notification",
  port: 8083,
  daprAppId: "notification",
  image: serviceImage("notification"),
  entryPoint: "services/notification/main.ts",
  health: { liveness: "/healthz", readiness: "/readyz", metrics: "/metrics" },
  components: ["pubsub", "statestore", "secretstore", "webhook"],
  publishes: ["reminders", "task-updates"],
  subscribes: ["task-events", "reminders"],
  invokes: [],
  actors: [],
  usesJobs: true,
  secrets: ["notification-database-url", "auth-hs256-secret"],
  databaseSchema: "notification",
  env: {
    PORT: "8083",
    PUBSUB_NAME: "pubsub",
    STATE_STORE_NAME: "statestore",
    SECRET_STORE_NAME: "secretstore",
  },
};
