import { describe, expect, it } from "vitest";
import {
  customResourcesOf,
  resourcesOf,
  synthJson,
  testStack,
} from "../../test/synth/synth-helpers";
import { StrimziKafkaCluster } from "../kafka/strimzi-kafka-cluster";
import { postgresDatabaseFromAttributes } from "../postgres/i-postgres-database";
import { redisCacheFromAttributes } from "../redis/i-redis-cache";
import { TodoApp, type TodoAppProps } from "./todo-app";
import { TODO_SERVICES } from "./todo-service-catalog";

function synthApp(props: Partial<TodoAppProps> = {}) {
  const stack = testStack();
  const kafka = new StrimziKafkaCluster(stack, "Kafka", {
    namespace: "todo",
    version: "4.3.1",
    brokers: 1,
  });
  const app = new TodoApp(stack, "Todo", {
    namespace: "todo",
    imageRegistry: "ghcr.io/acme",
    imageTag: "1.2.3",
    kafka,
    postgres: postgresDatabaseFromAttributes({ connectionSecretName: "todo-postgres-app" }),
    redis: redisCacheFromAttributes({
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
  return { json: synthJson(stack), app };
}

describe("TodoApp", () => {
  it("deploys the five services from pinned images named todo-<service>", () => {
    const { json } = synthApp();
    const deployments = resourcesOf(json, "kubernetes_deployment_v1");
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      TODO_SERVICES.map((s) => s.name).sort(),
    );
    for (const d of deployments)
      expect(d.spec.template.spec.container[0].image).toBe(
        `ghcr.io/acme/todo-${d.metadata.name}:1.2.3`,
      );
  });

  it("declares task-events, reminders and task-updates with their dead-letter topics", () => {
    const names = customResourcesOf(synthApp().json, "KafkaTopic")
      .map((t) => t.metadata.name)
      .sort();
    expect(names).toEqual([
      "reminders",
      "reminders-dlt",
      "task-events",
      "task-events-dlt",
      "task-updates",
      "task-updates-dlt",
    ]);
  });

  it("subscribes each consumer to its topics with a dead-letter topic", () => {
    const subscriptions = customResourcesOf(synthApp().json, "Subscription").map(
      (s) => `${s.scopes[0]}:${s.spec.topic}->${s.spec.deadLetterTopic}`,
    );
    expect(subscriptions.sort()).toEqual([
      "audit:task-events->task-events-dlt",
      "notification:reminders->reminders-dlt",
      "notification:task-events->task-events-dlt",
      "realtime:task-updates->task-updates-dlt",
      "recurrence:task-events->task-events-dlt",
    ]);
  });

  it("scopes the state store to the stateful services only", () => {
    const state = customResourcesOf(synthApp().json, "Component").find(
      (c) => c.spec.type === "state.redis",
    )!;
    expect(state.scopes).toEqual(["recurrence", "notification"]);
  });

  it("lets only recurrence invoke task-api and only notification invoke realtime", () => {
    const configurations = customResourcesOf(synthApp().json, "Configuration");
    const callers = Object.fromEntries(
      configurations.map((c) => [
        c.metadata.name,
        c.spec.accessControl.policies.map((p: { appId: string }) => p.appId),
      ]),
    );
    expect(callers).toEqual({
      "task-api-config": ["recurrence"],
      "recurrence-config": [],
      "notification-config": [],
      "audit-config": [],
      "realtime-config": ["notification"],
    });
  });

  it("grants each service only the secrets it reads", () => {
    const roles = Object.fromEntries(
      resourcesOf(synthApp().json, "kubernetes_role_v1").map((r) => [
        r.metadata.name,
        r.rule[0].resource_names,
      ]),
    );
    expect(roles["task-api-secrets"]).toEqual(["todo-postgres-app", "todo-auth"]);
    expect(roles["realtime-secrets"]).toEqual(["todo-auth"]);
    expect(roles["recurrence-secrets"]).toEqual(["todo-auth", "todo-redis"]);
  });

  it("generates the JWT secret with random_password", () => {
    const { json } = synthApp();
    const auth = resourcesOf(json, "kubernetes_secret_v1").find(
      (s) => s.metadata.name === "todo-auth",
    )!;
    expect(auth.data["jwt-secret"]).toMatch(/^\$\{random_password\..*\.result\}$/);
  });

  it("adds the webhook binding only when a URL is given", () => {
    const types = (json: ReturnType<typeof synthApp>["json"]) =>
      customResourcesOf(json, "Component").map((c) => c.spec.type);
    expect(types(synthApp().json)).not.toContain("bindings.http");
    expect(types(synthApp({ notificationWebhookUrl: "https://hooks.example.com" }).json)).toContain(
      "bindings.http",
    );
  });

  it("applies the environment's sizing", () => {
    const { json } = synthApp({
      sizing: { audit: { replicas: { min: 2, max: 5 }, cpuMillis: 300, memoryMiB: 384 } },
    });
    const hpa = resourcesOf(json, "kubernetes_horizontal_pod_autoscaler_v2").find(
      (h) => h.metadata.name === "audit",
    )!;
    expect(hpa.spec).toMatchObject({ min_replicas: 2, max_replicas: 5 });
  });
});
