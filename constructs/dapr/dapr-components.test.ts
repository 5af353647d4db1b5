import { describe, expect, it } from "vitest";
import {
  customResourcesOf,
  synthJson,
  testStack,
  type Json,
} from "../../test/synth/synth-helpers.js";
import { ExternalKafkaCluster } from "../kafka/external-kafka-cluster.js";
import { ExternalRedisCache } from "../redis/external-redis-cache.js";
import { CronBinding } from "./cron-binding.js";
import { DaprComponent } from "./dapr-component.js";
import { DaprResource } from "./dapr-resource.js";
import { HttpOutputBinding, httpOutputBindingDocument } from "./http-output-binding.js";
import { KafkaPubSub, kafkaPubSubDocument } from "./kafka-pub-sub.js";
import { KubernetesSecretStore } from "./kubernetes-secret-store.js";
import { RedisStateStore } from "./redis-state-store.js";

const metadataOf = (component: Json) =>
  Object.fromEntries(
    (component.spec.metadata as { name: string; value?: string; secretKeyRef?: unknown }[]).map(
      (m) => [m.name, m.value ?? m.secretKeyRef],
    ),
  );

describe("DaprComponent", () => {
  it("emits a scoped dapr.io/v1alpha1 Component, version v1 by default", () => {
    const stack = testStack();
    new DaprComponent(stack, "C", {
      name: "c",
      namespace: "todo",
      type: "state.in-memory",
      scopes: ["audit"],
    });
    const [component] = customResourcesOf(synthJson(stack), "Component");
    expect(component).toMatchObject({
      apiVersion: "dapr.io/v1alpha1",
      scopes: ["audit"],
      spec: { type: "state.in-memory", version: "v1", metadata: [] },
    });
  });

  it("fails without scopes", () => {
    expect(
      () =>
        new DaprComponent(testStack(), "C", {
          name: "c",
          namespace: "todo",
          type: "state.in-memory",
          scopes: [],
        }),
    ).toThrow("DaprComponent 'c': scopes is empty; list the app-ids that may use it");
  });
});

describe("DaprResource", () => {
  it("emits the builder's document with the standard labels added", () => {
    const stack = testStack();
    const document = kafkaPubSubDocument({
      brokers: "k:9093",
      tls: true,
      namespace: "todo",
      scopes: ["audit"],
    });
    new DaprResource(stack, "PubSub", { document });
    const [component] = customResourcesOf(synthJson(stack), "Component");
    const { labels, ...metadata } = component.metadata;
    expect({ ...component, metadata }).toEqual(document);
    expect(labels).toMatchObject({ "app.kubernetes.io/component": "dapr-component" });
  });

  it("fails on a document without a namespace (one for standalone daprd)", () => {
    expect(
      () =>
        new DaprResource(testStack(), "PubSub", {
          document: kafkaPubSubDocument({ brokers: "k:9093", tls: false }),
        }),
    ).toThrow("DaprResource 'pubsub': document has no metadata.namespace");
  });
});

describe("KafkaPubSub", () => {
  it("points pubsub.kafka at the cluster with one consumer group per app-id", () => {
    const stack = testStack();
    const kafka = ExternalKafkaCluster.fromAttributes({ bootstrapServers: ["k:9093"] });
    new KafkaPubSub(stack, "PubSub", { namespace: "todo", kafka, scopes: ["task-api", "audit"] });
    const [component] = customResourcesOf(synthJson(stack), "Component");
    expect(component.metadata.name).toBe("pubsub");
    expect(component.spec.type).toBe("pubsub.kafka");
    expect(metadataOf(component)).toMatchObject({
      brokers: "k:9093",
      consumerGroup: "{appID}",
      disableTls: "false",
    });
  });
});

describe("RedisStateStore", () => {
  it("reads the password from the secret store and is the actor state store by default", () => {
    const stack = testStack();
    const redis = ExternalRedisCache.fromAttributes({
      endpoint: "r:6379",
      passwordSecretName: "redis",
      tls: false,
    });
    new RedisStateStore(stack, "State", { namespace: "todo", redis, scopes: ["recurrence"] });
    const [component] = customResourcesOf(synthJson(stack), "Component");
    expect(component.auth).toEqual({ secretStore: "secretstore" });
    expect(metadataOf(component)).toEqual({
      redisHost: "r:6379",
      redisPassword: { name: "redis", key: "password" },
      enableTLS: "false",
      actorStateStore: "true",
    });
  });
});

describe("KubernetesSecretStore", () => {
  it("reads secrets of the app namespace", () => {
    const stack = testStack();
    new KubernetesSecretStore(stack, "Secrets", { namespace: "todo", scopes: ["audit"] });
    const [component] = customResourcesOf(synthJson(stack), "Component");
    expect(component.spec.type).toBe("secretstores.kubernetes");
    expect(metadataOf(component)).toEqual({ defaultNamespace: "todo" });
  });
});

describe("CronBinding", () => {
  it("is an input binding scoped to one app", () => {
    const stack = testStack();
    new CronBinding(stack, "Cron", {
      name: "outbox-sweep",
      namespace: "todo",
      schedule: "@every 30s",
      app: "task-api",
    });
    const [component] = customResourcesOf(synthJson(stack), "Component");
    expect(component.scopes).toEqual(["task-api"]);
    expect(metadataOf(component)).toEqual({ schedule: "@every 30s", direction: "input" });
  });

  it("fails on a schedule that is not cron syntax", () => {
    expect(
      () =>
        new CronBinding(testStack(), "Cron", {
          name: "x",
          namespace: "todo",
          schedule: "every minute",
          app: "a",
        }),
    ).toThrow(
      "CronBinding 'x': schedule 'every minute' is neither a cron expression nor '@every <n>s'",
    );
  });
});

describe("HttpOutputBinding", () => {
  it("is an output binding with a 10s default timeout", () => {
    const stack = testStack();
    new HttpOutputBinding(stack, "Hook", {
      name: "hook",
      namespace: "todo",
      url: "https://hooks.example.com",
      scopes: ["notification"],
    });
    const [component] = customResourcesOf(synthJson(stack), "Component");
    expect(metadataOf(component)).toEqual({
      url: "https://hooks.example.com",
      direction: "output",
      responseTimeout: "10s",
    });
  });

  it("builds a plain http binding only to a loopback address (one machine)", () => {
    const local = httpOutputBindingDocument({ name: "hook", url: "http://127.0.0.1:8099/hooks" });
    expect(local.spec.metadata).toContainEqual({
      name: "url",
      value: "http://127.0.0.1:8099/hooks",
    });
    expect(() =>
      httpOutputBindingDocument({ name: "hook", url: "http://hooks.example.com" }),
    ).toThrow("must use https:// (plain http only to a loopback address)");
  });

  it("fails on a plain http URL", () => {
    expect(
      () =>
        new HttpOutputBinding(testStack(), "Hook", {
          name: "hook",
          namespace: "todo",
          url: "http://x",
          scopes: ["notification"],
        }),
    ).toThrow("HttpOutputBinding 'hook': url 'http://x' must use https://");
  });
});
