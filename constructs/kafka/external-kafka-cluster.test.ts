import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { ExternalKafkaCluster } from "./external-kafka-cluster.js";

describe("ExternalKafkaCluster", () => {
  it("imports a cluster by its bootstrap servers, TLS by default", () => {
    const kafka = ExternalKafkaCluster.fromAttributes({
      bootstrapServers: ["a.example.com:9093", "b.example.com:9093"],
    });
    expect(kafka.bootstrapServers).toBe("a.example.com:9093,b.example.com:9093");
    expect(kafka.tls).toBe(true);
  });

  it("declares topics through a provisioning Job", () => {
    const stack = testStack();
    const kafka = ExternalKafkaCluster.fromAttributes({
      bootstrapServers: ["kafka:9092"],
      tls: false,
    });
    kafka.addTopics(stack, "Topics", {
      topics: [{ name: "task-updates", partitions: 1, replicationFactor: 1, retentionHours: 1 }],
      namespace: "todo",
    });
    const [job] = resourcesOf(synthJson(stack), "kubernetes_job_v1");
    expect(job.spec.template.spec.container[0].command[2]).toContain("security.protocol=PLAINTEXT");
  });

  it("fails without bootstrap servers", () => {
    expect(() => ExternalKafkaCluster.fromAttributes({ bootstrapServers: [] })).toThrow(
      /bootstrapServers is empty/,
    );
  });
});
