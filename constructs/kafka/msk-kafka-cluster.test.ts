import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { MskKafkaCluster } from "./msk-kafka-cluster.js";

const network = {
  vpcId: "vpc-0123",
  subnetIds: ["subnet-a1", "subnet-b2", "subnet-c3"],
  clientCidr: "10.0.0.0/16",
};

describe("MskKafkaCluster", () => {
  it("encrypts at rest with its own rotating KMS key and in transit with TLS only", () => {
    const stack = testStack();
    new MskKafkaCluster(stack, "Kafka", { ...network, version: "4.1.x.kraft" });
    const json = synthJson(stack);
    const [cluster] = resourcesOf(json, "aws_msk_cluster");
    expect(cluster.encryption_info.encryption_in_transit).toEqual({
      client_broker: "TLS",
      in_cluster: true,
    });
    expect(cluster.encryption_info.encryption_at_rest_kms_key_arn).toMatch(
      /aws_kms_key\.Kafka_Key/,
    );
    expect(cluster.broker_node_group_info.connectivity_info.public_access.type).toBe("DISABLED");
    const [key] = resourcesOf(json, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    expect(key.policy).toContain("logs.");
  });

  it("defaults to 3 kafka.m7g.large brokers with broker logs in CloudWatch for a year", () => {
    const stack = testStack();
    new MskKafkaCluster(stack, "Kafka", { ...network, version: "4.1.x.kraft" });
    const json = synthJson(stack);
    const [cluster] = resourcesOf(json, "aws_msk_cluster");
    expect(cluster.number_of_broker_nodes).toBe(3);
    expect(cluster.broker_node_group_info.instance_type).toBe("kafka.m7g.large");
    expect(cluster.logging_info.broker_logs.cloudwatch_logs.enabled).toBe(true);
    expect(resourcesOf(json, "aws_cloudwatch_log_group")[0].retention_in_days).toBe(365);
  });

  it("admits only the client CIDR on the TLS port", () => {
    const stack = testStack();
    new MskKafkaCluster(stack, "Kafka", { ...network, version: "4.1.x.kraft" });
    const [group] = resourcesOf(synthJson(stack), "aws_security_group");
    expect(group.ingress).toEqual([
      expect.objectContaining({ from_port: 9094, to_port: 9094, cidr_blocks: ["10.0.0.0/16"] }),
    ]);
  });

  it("creates topics with a Job using TLS against the TLS bootstrap brokers", () => {
    const stack = testStack();
    const kafka = new MskKafkaCluster(stack, "Kafka", { ...network, version: "4.1.x.kraft" });
    kafka.addTopics(stack, "Topics", {
      topics: [
        {
          name: "reminders",
          partitions: 3,
          replicationFactor: 3,
          retentionHours: 1,
          deadLetterRetentionHours: 2,
        },
      ],
      namespace: "todo",
    });
    const [job] = resourcesOf(synthJson(stack), "kubernetes_job_v1");
    const script = job.spec.template.spec.container[0].command[2] as string;
    expect(script).toContain("security.protocol=SSL");
    expect(script).toContain("--topic reminders --partitions 3");
    expect(script).toContain("--topic reminders.dlt");
    expect(job.spec.template.spec.container[0].env[0].value).toMatch(/bootstrap_brokers_tls/);
  });

  it("fails when brokers do not spread evenly over the subnets", () => {
    expect(
      () =>
        new MskKafkaCluster(testStack(), "Kafka", {
          ...network,
          version: "4.1.x.kraft",
          brokers: 4,
        }),
    ).toThrow("MskKafkaCluster 'kafka': brokers (4) must be a multiple of subnetIds (3)");
  });

  it("fails with fewer than two subnets", () => {
    expect(
      () =>
        new MskKafkaCluster(testStack(), "Kafka", {
          ...network,
          subnetIds: ["subnet-a1"],
          version: "4.1.x.kraft",
        }),
    ).toThrow(/needs at least 2 subnets/);
  });
});
