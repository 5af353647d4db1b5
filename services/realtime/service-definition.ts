import { serviceImage, type ServiceDefinition } from "../shared/service-definition.js";

/**
 * realtime as the infrastructure runs it. Every replica must see every update (its clients
 * may be any user's): on Kubernetes give each pod its own consumer group, e.g. the pubsub
 * component's `consumerGroup: "{podName}"` scoped to realtime.
 */
export const serviceDefinition: ServiceDefinition = {
  name: "realtime",
  port: 8084,
  daprAppId: "realtime",
  image: serviceImage("realtime"),
  entryPoint: "services/realtime/main.ts",
  health: { liveness: "/healthz", readiness: "/readyz", metrics: "/metrics" },
  components: ["pubsub", "secretstore"],
  publishes: [],
  subscribes: ["task-updates"],
  invokes: [],
  actors: [],
  usesJobs: false,
  secrets: ["auth-hs256-secret"],
  env: {
    PORT: "8084",
    PUBSUB_NAME: "pubsub",
    SECRET_STORE_NAME: "secretstore",
    HEARTBEAT_SECONDS: "30",
  },
};
