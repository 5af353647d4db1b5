import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { CloudNativePgOperator } from "../postgres/cloud-native-pg-operator.js";
import { StrimziOperator } from "./strimzi-operator.js";

describe("StrimziOperator", () => {
  it("installs the pinned chart watching the app namespace, with its own NetworkPolicy and PDB", () => {
    const stack = testStack();
    new StrimziOperator(stack, "Strimzi", { watchNamespaces: ["todo"] });
    const [release] = resourcesOf(synthJson(stack), "helm_release");
    expect(release).toMatchObject({
      chart: "strimzi-kafka-operator",
      version: "1.2.0",
      // The release installs into a namespace resource of the construct (destroyed with it).
      namespace: expect.stringMatching(/^\$\{kubernetes_namespace_v1\.\w+\.metadata\[0\]\.name\}$/),
    });
    expect(
      resourcesOf(synthJson(stack), "kubernetes_namespace_v1").map((n) => n.metadata.name),
    ).toEqual(["strimzi-system"]);
    expect(JSON.parse(release.values[0])).toMatchObject({
      replicas: 1,
      watchNamespaces: ["todo"],
      leaderElection: { enable: false },
      generateNetworkPolicy: true,
      generatePodDisruptionBudget: true,
      extraEnvs: [{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }],
    });
  });

  it("turns leader election on with more than one replica", () => {
    const stack = testStack();
    new StrimziOperator(stack, "Strimzi", { watchNamespaces: ["todo"], replicas: 2 });
    expect(
      JSON.parse(resourcesOf(synthJson(stack), "helm_release")[0].values[0]).leaderElection.enable,
    ).toBe(true);
  });

  it("fails without a namespace to watch", () => {
    expect(() => new StrimziOperator(testStack(), "Strimzi", { watchNamespaces: [] })).toThrow(
      /watchNamespaces is empty/,
    );
  });
});

describe("CloudNativePgOperator", () => {
  it("installs the pinned chart in cnpg-system", () => {
    const stack = testStack();
    new CloudNativePgOperator(stack, "Cnpg");
    const [release] = resourcesOf(synthJson(stack), "helm_release");
    expect(release).toMatchObject({
      chart: "cloudnative-pg",
      // The release installs into a namespace resource of the construct (destroyed with it).
      namespace: expect.stringMatching(/^\$\{kubernetes_namespace_v1\.\w+\.metadata\[0\]\.name\}$/),
    });
    expect(
      resourcesOf(synthJson(stack), "kubernetes_namespace_v1").map((n) => n.metadata.name),
    ).toEqual(["cnpg-system"]);
  });
});
