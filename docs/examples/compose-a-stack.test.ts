import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { composeStacks } from "./compose-a-stack.js";

describe("README construct example", () => {
  const app = Testing.app();
  const { platform, workloads } = composeStacks(app);
  const platformJson = JSON.parse(Testing.synth(platform)) as Record<
    string,
    Record<string, object>
  >;
  const workloadsJson = JSON.parse(Testing.synth(workloads)) as Record<
    string,
    Record<string, Record<string, { manifest?: { kind?: string; metadata?: { name?: string } } }>>
  >;

  it("installs the operators and control planes from Helm in the first stack", () => {
    expect(Object.keys(platformJson.resource.helm_release).length).toBeGreaterThanOrEqual(4);
  });

  it("declares the topic and its dead-letter topic as Strimzi KafkaTopics", () => {
    const manifests = Object.values(workloadsJson.resource.kubernetes_manifest).map(
      (r) => r.manifest,
    );
    const topics = manifests.filter((m) => m?.kind === "KafkaTopic").map((m) => m?.metadata?.name);
    expect(topics).toEqual(expect.arrayContaining(["orders", "orders.dlt"]));
  });

  it("deploys the service with the workload policies passing", () => {
    expect(Object.keys(workloadsJson.resource.kubernetes_deployment_v1)).toContainEqual(
      expect.stringContaining("orders"),
    );
    expect(() => Testing.fullSynth(workloads)).not.toThrow();
  });
});
