import { serviceImage, type ServiceDefinition } from "../shared/service-definition.js";

/** audit as the infrastructure runs it (IaC Service construct, `npm run local`). */
export const serviceDefinition: ServiceDefinition = {
  name: "audit",
  port: 8081,
  daprAppId: "audit",
  image: serviceImage("audit"),
  entryPoint: "services/audit/main.ts",
  health: { liveness: "/healthz", readiness: "/readyz", metrics: "/metrics" },
  components: ["pubsub", "secretstore"],
  publishes: [],
  subscribes: ["task-events"],
  invokes: [],
  actors: [],
  usesJobs: false,
  secrets: ["audit-database-url", "auth-hs256-secret"],
  databaseSchema: "audit",
  env: { PORT: "8081", PUBSUB_NAME: "pubsub", SECRET_STORE_NAME: "secretstore" },
};
