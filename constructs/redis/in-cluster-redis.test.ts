import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { InClusterRedis } from "./in-cluster-redis.js";

describe("InClusterRedis", () => {
  it("runs a pinned, maintained Valkey image as non-root with a read-only root filesystem", () => {
    const stack = testStack();
    new InClusterRedis(stack, "Redis", { namespace: "todo" });
    const [set] = resourcesOf(synthJson(stack), "kubernetes_deployment_v1");
    const container = set.spec.template.spec.container[0];
    expect(container.image).toBe("docker.io/valkey/valkey:8.1.4");
    expect(container.security_context).toMatchObject({
      read_only_root_filesystem: true,
      run_as_non_root: true,
    });
    expect(set.spec.template.spec.security_context.run_as_user).toBe("999");
  });

  it("takes its password from random_password through a mounted Secret, never an env var", () => {
    const stack = testStack();
    const redis = new InClusterRedis(stack, "Redis", { namespace: "todo" });
    const json = synthJson(stack);
    expect(resourcesOf(json, "random_password")[0]).toMatchObject({ length: 32 });
    const [secret] = resourcesOf(json, "kubernetes_secret_v1");
    expect(secret.data.password).toMatch(/^\$\{random_password\..*\.result\}$/);
    const [set] = resourcesOf(json, "kubernetes_deployment_v1");
    expect(set.spec.template.spec.container[0].env).toBeUndefined();
    expect(redis.passwordSecretName).toBe("redis");
    expect(redis.endpoint).toBe("redis.todo.svc:6379");
  });

  it("defaults to 256 MiB with maxmemory at 80 %", () => {
    const stack = testStack();
    new InClusterRedis(stack, "Redis", { namespace: "todo" });
    const json = synthJson(stack);
    expect(resourcesOf(json, "kubernetes_secret_v1")[0].data["valkey.conf"]).toContain(
      "maxmemory %dmb",
    );
    expect(resourcesOf(json, "kubernetes_secret_v1")[0].data["valkey.conf"]).toContain(", 204)");
    expect(
      resourcesOf(json, "kubernetes_deployment_v1")[0].spec.template.spec.container[0].resources
        .limits.memory,
    ).toBe("256Mi");
  });

  it("admits only this platform's pods on 6379", () => {
    const stack = testStack();
    new InClusterRedis(stack, "Redis", { namespace: "todo" });
    const [policy] = resourcesOf(synthJson(stack), "kubernetes_network_policy_v1");
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ pod_selector: { match_labels: { "app.kubernetes.io/part-of": "test" } } }],
        ports: [{ port: "6379", protocol: "TCP" }],
      },
    ]);
  });

  it("fails below 64 MiB", () => {
    expect(
      () => new InClusterRedis(testStack(), "Redis", { namespace: "todo", memoryMiB: 32 }),
    ).toThrow("InClusterRedis 'redis': memoryMiB (32) must be >= 64");
  });
});
