import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Producer } from "kafkajs";
import { KAFKA_VERSION } from "../../testbed/data-services/kafka.js";
import { readMessages, testKafka, uniqueTopic } from "./kafka-client.js";
import { requireInfra } from "./require-infra.js";

describe("Kafka (bootstrapped KRaft broker)", () => {
  let producer: Producer;
  const kafka = () => testKafka(requireInfra("kafka").kafkaBrokers);

  beforeAll(async () => {
    producer = kafka().producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
  });

  it(`is one KRaft node of Kafka ${KAFKA_VERSION} answering the admin API`, async () => {
    const admin = kafka().admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers).toHaveLength(1);
      expect(cluster.controller).toBe(cluster.brokers[0]!.nodeId);
    } finally {
      await admin.disconnect();
    }
    const brokerLog = readFileSync(join(requireInfra("kafka").logDir, "kafka.log"), "utf8");
    expect(brokerLog).toContain(`Kafka version: ${KAFKA_VERSION}`);
  });

  it("round-trips keyed messages with headers, in order per key", async () => {
    const topic = uniqueTopic("infra-roundtrip");
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();

    await producer.send({
      topic,
      messages: [1, 2, 3].map((n) => ({
        key: "task-42",
        value: JSON.stringify({ n }),
        headers: { "ce-type": "com.todo.test.v1" },
      })),
    });

    const messages = await readMessages(kafka(), topic, 3);
    expect(messages.map((m) => JSON.parse(m.value!) as { n: number })).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
    expect(
      messages.every((m) => m.key === "task-42" && m.headers["ce-type"] === "com.todo.test.v1"),
    ).toBe(true);
  });

  it("creates a topic on first use (auto.create.topics.enable)", async () => {
    const topic = uniqueTopic("infra-autocreate");
    await producer.send({ topic, messages: [{ value: "first" }] });
    const [message] = await readMessages(kafka(), topic, 1);
    expect(message?.value).toBe("first");
  });
});
