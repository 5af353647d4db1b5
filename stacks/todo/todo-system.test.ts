import { describe, expect, it } from "vitest";
import {
  customResourcesOf,
  resourcesOf,
  synthJson,
  testStack,
} from "../../test/synth/synth-helpers.js";
import {
  StrimziKafkaCluster,
  ExternalPostgresDatabase,
  ExternalRedisCache,
} from "../../constructs/index.js";
import { TodoSystem, type TodoSystemProps } from "./todo-system.js";
import { serviceDefinitions } from "../../services/service-definitions.js";

function synthSystem(props: Partial<TodoSystemProps> = {}) {
  const stack = testStack();
  const kafka = new StrimziKafkaCluster(stack, "Kafka", {
    namespace: "todo",
    version: "4.3.1",
    brokers: 1,
  });
  const system = new TodoSystem(stack, "Todo", {
    namespace: "todo",
    imageRegistry: "ghcr.io/acme",
    imageTag: "1.2.3",
    kafka,
    postgres: ExternalPostgresDatabase.fromAttributes({ connectionUri: "${var.database_url}" }),
    redis: ExternalRedisCache.fromAttributes({
      endpoint: "todo-redis.todo.svc:6379",
      passwordSecretName: "todo-redis",
      tls: false,
    }),
    topics: {
      partitions: 3,
      replicationFactor: 1,
      retentionHours: 24,
      deadLetterRetentionHours: 72,
    },
    ...props,
  });
  return { json: synthJson(stack), system };
}

const componentsOf = (json: ReturnType<typeof synthSystem>["json"]) =>
  Object.fromEntries(customResourcesOf(json, "Component").map((c) => [c.metadata.name, c]));

describe("TodoSystem", () => {
  it("deploys the five services from their definitions: pinned image, port, settings", () => {
    const deployments = resourcesOf(synthSystem().json, "kubernetes_deployment_v1");
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      serviceDefinitions.map((s) => s.name).sort(),
    );
    for (const definition of serviceDefinitions) {
      const container = deployments.find((d) => d.metadata.name === definition.name)!.spec.template
        .spec.container[0];
      expect(container.image).toBe(`ghcr.io/acme/${definition.name}:1.2.3`);
      expect(container.port[0].container_port).toBe(definition.port);
      expect(container.env).toContainEqual({ name: "PORT", value: String(definition.port) });
    }
  });

  it("gives every service the private registry's pull secrets", () => {
    const deployments = resourcesOf(
      synthSystem({ imagePullSecrets: ["ghcr-pull"] }).json,
      "kubernetes_deployment_v1",
    );
    for (const deployment of deployments)
      expect(deployment.spec.template.spec.image_pull_secrets).toEqual([{ name: "ghcr-pull" }]);
  });

  it("declares task-events, reminders and task-updates with their dead-letter topics, and delivery-failures", () => {
    const names = customResourcesOf(synthSystem().json, "KafkaTopic")
      .map((t) => t.metadata.name)
      .sort();
    expect(names).toEqual([
      "delivery-failures",
      "reminders",
      "reminders.dlt",
      "task-events",
      "task-events.dlt",
      "task-updates",
      "task-updates.dlt",
    ]);
  });

  it("declares no Subscription resources: each consumer subscribes itself (GET /dapr/subscribe)", () => {
    // daprd prefers the app's own subscription to a declared one for the same topic
    // (test/infra/dapr-subscriptions.int.test.ts), and only the app knows its batch handling.
    expect(customResourcesOf(synthSystem().json, "Subscription")).toEqual([]);
  });

  it("gives realtime a pub/sub with one consumer group per pod, so every replica sees every update", () => {
    const components = componentsOf(synthSystem().json);
    expect(components["pubsub-broadcast"].scopes).toEqual(["realtime"]);
    expect(components["pubsub-broadcast"].spec.metadata).toContainEqual({
      name: "consumerGroup",
      value: "{podName}",
    });
    expect(components.pubsub.scopes).not.toContain("realtime");
  });

  it("scopes each component to the services that declare it", () => {
    const components = componentsOf(synthSystem().json);
    expect(components.statestore.scopes).toEqual(["recurrence", "notification"]);
    expect(components["outbox-sweep"].scopes).toEqual(["task-api"]);
    expect(components.statestore.spec.metadata).toContainEqual({
      name: "actorStateStore",
      value: "true",
    });
  });

  it("tells notification the webhook binding's name when there is one", () => {
    const env = (json: ReturnType<typeof synthSystem>["json"]) =>
      resourcesOf(json, "kubernetes_deployment_v1")
        .find((d) => d.metadata.name === "notification")!
        .spec.template.spec.container[0].env.map((e: { name: string }) => e.name);
    expect(
      env(synthSystem({ notificationWebhookUrl: "https://hooks.example.com" }).json),
    ).toContain("WEBHOOK_BINDING");
    expect(env(synthSystem().json)).not.toContain("WEBHOOK_BINDING");
  });

  it("lets only recurrence invoke task-api", () => {
    const callers = Object.fromEntries(
      customResourcesOf(synthSystem().json, "Configuration").map((c) => [
        c.metadata.name,
        c.spec.accessControl.policies.map((p: { appId: string }) => p.appId),
      ]),
    );
    expect(callers).toEqual({
      "task-api-config": ["recurrence"],
      "recurrence-config": [],
      "notification-config": [],
      "audit-config": [],
      "realtime-config": [],
    });
  });

  it("writes one Secret per secret-store key the services read, from expressions only", () => {
    const secrets = Object.fromEntries(
      resourcesOf(synthSystem().json, "kubernetes_secret_v1")
        // Each Microservice's own Dapr token pair is tested with Microservice.
        .filter((s) => !String(s.metadata.name).endsWith("-api-token"))
        .map((s) => [s.metadata.name, s.data]),
    );
    expect(Object.keys(secrets).sort()).toEqual([
      "audit-database-url",
      "auth-hs256-secret",
      "notification-database-url",
      "task-api-database-url",
    ]);
    expect(secrets["task-api-database-url"]).toEqual({
      "task-api-database-url": "${var.database_url}",
    });
    expect(secrets["auth-hs256-secret"]["auth-hs256-secret"]).toMatch(
      /^\$\{random_password\..*\.result\}$/,
    );
  });

  it("grants each service only the secrets it reads", () => {
    const roles = Object.fromEntries(
      resourcesOf(synthSystem().json, "kubernetes_role_v1").map((r) => [
        r.metadata.name,
        r.rule[0].resource_names,
      ]),
    );
    expect(roles["task-api-secrets"]).toEqual(["task-api-database-url", "auth-hs256-secret"]);
    expect(roles["realtime-secrets"]).toEqual(["auth-hs256-secret"]);
    expect(roles["recurrence-secrets"]).toEqual(["todo-redis"]);
  });

  it("adds the webhook binding only when a URL is given", () => {
    expect(componentsOf(synthSystem().json).webhook).toBeUndefined();
    expect(
      componentsOf(synthSystem({ notificationWebhookUrl: "https://hooks.example.com" }).json)
        .webhook.scopes,
    ).toEqual(["notification"]);
  });

  const small = { replicas: { min: 1, max: 2 }, cpuMillis: 250, memoryMiB: 256 };
  const everyService = Object.fromEntries(serviceDefinitions.map((d) => [d.name, small]));

  it("applies the environment's sizing", () => {
    const { json } = synthSystem({
      sizing: {
        ...everyService,
        audit: { replicas: { min: 2, max: 5 }, cpuMillis: 300, memoryMiB: 384 },
      },
    });
    const hpa = resourcesOf(json, "kubernetes_horizontal_pod_autoscaler_v2").find(
      (h) => h.metadata.name === "audit",
    )!;
    expect(hpa.spec).toMatchObject({ min_replicas: 2, max_replicas: 5 });
  });

  it("fails when the sizing leaves out a service (it would run with one replica)", () => {
    const withoutAudit = Object.fromEntries(
      Object.entries(everyService).filter(([name]) => name !== "audit"),
    );
    expect(() => synthSystem({ sizing: withoutAudit })).toThrow(
      "TodoSystem: sizing names no entry for service 'audit'; add one (environment field services.audit)",
    );
  });
});
