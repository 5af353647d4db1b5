import { describe, expect, it } from "vitest";
import { customResourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { StrimziKafkaCluster } from "./strimzi-kafka-cluster.js";

const topic = {
  name: "task-events",
  partitions: 6,
  replicationFactor: 3,
  retentionHours: 24,
  deadLetterRetentionHours: 168,
};

describe("StrimziKafkaCluster", () => {
  it("emits a KRaft Kafka and a dual-role KafkaNodePool holding replicas and storage", () => {
    const stack = testStack();
    new StrimziKafkaCluster(stack, "Kafka", {
      namespace: "todo",
      version: "4.3.1",
      brokers: 3,
      storageGiB: 50,
    });
    const json = synthJson(stack);
    const [kafka] = customResourcesOf(json, "Kafka");
    expect(kafka.apiVersion).toBe("kafka.strimzi.io/v1");
    expect(kafka.spec.kafka.version).toBe("4.3.1");
    expect(kafka.spec.kafka.config["auto.create.topics.enable"]).toBe(false);
    for (const listener of kafka.spec.kafka.listeners)
      expect(listener.networkPolicyPeers).toEqual([
        { podSelector: { matchLabels: { "app.kubernetes.io/part-of": "test" } } },
      ]);
    const [pool] = customResourcesOf(json, "KafkaNodePool");
    expect(pool.metadata.labels["strimzi.io/cluster"]).toBe("kafka");
    expect(pool.spec).toMatchObject({ replicas: 3, roles: ["controller", "broker"] });
    expect(pool.spec.storage.volumes[0]).toMatchObject({
      size: "50Gi",
      kraftMetadata: "shared",
      deleteClaim: false,
    });
  });

  it("defaults to 3 brokers and caps internal replication factors at the broker count", () => {
    const stack = testStack();
    const one = new StrimziKafkaCluster(stack, "Kafka", {
      namespace: "todo",
      version: "4.3.1",
      brokers: 1,
    });
    const [kafka] = customResourcesOf(synthJson(stack), "Kafka");
    expect(kafka.spec.kafka.config["offsets.topic.replication.factor"]).toBe(1);
    expect(one.bootstrapServers).toBe("kafka-kafka-bootstrap.todo.svc:9092");
    const three = new StrimziKafkaCluster(testStack(), "Kafka", {
      namespace: "todo",
      version: "4.3.1",
    });
    expect(three.brokers).toBe(3);
  });

  it("declares each topic and its dead-letter topic as KafkaTopic resources", () => {
    const stack = testStack();
    const kafka = new StrimziKafkaCluster(stack, "Kafka", { namespace: "todo", version: "4.3.1" });
    kafka.addTopics(stack, "Topics", { topics: [topic], namespace: "todo" });
    // Testing.synth sorts keys, so order by name.
    const topics = customResourcesOf(synthJson(stack), "KafkaTopic").sort((a, b) =>
      a.metadata.name.localeCompare(b.metadata.name),
    );
    expect(topics.map((t) => t.metadata.name)).toEqual(["task-events", "task-events.dlt"]);
    expect(topics[0].spec).toEqual({
      partitions: 6,
      replicas: 3,
      config: { "retention.ms": 86_400_000, "cleanup.policy": "delete" },
    });
    expect(topics[1].spec.config["retention.ms"]).toBe(168 * 3_600_000);
  });

  it("fails when a topic's replication factor exceeds the brokers", () => {
    const stack = testStack();
    const kafka = new StrimziKafkaCluster(stack, "Kafka", {
      namespace: "todo",
      version: "4.3.1",
      brokers: 1,
    });
    expect(() => kafka.addTopics(stack, "Topics", { topics: [topic], namespace: "todo" })).toThrow(
      "topic 'task-events': replicationFactor (3) exceeds the cluster's brokers (1)",
    );
  });

  it("fails when topics are declared in another namespace", () => {
    const stack = testStack();
    const kafka = new StrimziKafkaCluster(stack, "Kafka", { namespace: "todo", version: "4.3.1" });
    expect(() => kafka.addTopics(stack, "Topics", { topics: [topic], namespace: "other" })).toThrow(
      /must live in the cluster's namespace 'todo'/,
    );
  });

  it("fails when brokers is not a positive integer", () => {
    expect(
      () =>
        new StrimziKafkaCluster(testStack(), "Kafka", {
          namespace: "todo",
          version: "4.3.1",
          brokers: 0,
        }),
    ).toThrow("StrimziKafkaCluster 'kafka': brokers (0) must be an integer >= 1");
  });
});
