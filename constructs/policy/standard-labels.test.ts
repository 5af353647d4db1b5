import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { InClusterRedis } from "../redis/in-cluster-redis.js";
import { PART_OF_CONTEXT_KEY, standardLabels } from "./standard-labels.js";

const partOfLabels = (json: ReturnType<typeof synthJson>) =>
  resourcesOf(json, "kubernetes_deployment_v1").map(
    (s) => s.metadata.labels["app.kubernetes.io/part-of"],
  );

describe("standardLabels", () => {
  it("names the application after the stack by default", () => {
    const stack = testStack();
    new InClusterRedis(stack, "Redis", { namespace: "shop" });
    expect(partOfLabels(synthJson(stack))).toEqual(["test"]);
  });

  it("takes the application name from the context, so one app can span several stacks", () => {
    const stack = testStack(Testing.app({ context: { [PART_OF_CONTEXT_KEY]: "shop" } }));
    new InClusterRedis(stack, "Redis", { namespace: "shop" });
    const json = synthJson(stack);
    expect(partOfLabels(json)).toEqual(["shop"]);
    expect(
      resourcesOf(json, "kubernetes_network_policy_v1")[0].spec.ingress[0].from[0].pod_selector,
    ).toEqual({ match_labels: { "app.kubernetes.io/part-of": "shop" } });
  });

  it("fails when the context value is not a non-empty string", () => {
    const stack = testStack(Testing.app({ context: { [PART_OF_CONTEXT_KEY]: "" } }));
    expect(() => standardLabels(stack, "redis", "cache")).toThrow(
      `context '${PART_OF_CONTEXT_KEY}' must be a non-empty string (the application name), got ""`,
    );
  });
});
