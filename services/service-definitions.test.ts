import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { dev, EnvironmentValidationError, parseEnvironment, prod } from "../environments/index.js";
import { localDaprResources } from "../testbed/local/dapr-resources.js";
import { localTopicNames } from "../testbed/local/kafka-topics.js";
import { localSecretValues } from "../testbed/local/start-system.js";
import { createEnvironmentStacks } from "../stacks/environment-stacks.js";
import {
  customResourcesOf,
  resourcesOf,
  synthJson,
  type Json,
} from "../test/synth/synth-helpers.js";
import { serviceDefinitions } from "./service-definitions.js";
import { Topics } from "./domain/events/topics.js";
import { defineService, serviceEnvironment } from "./service-definition.js";

/** A sixth service, defined here only: everything below must follow from this definition. */
const digest = defineService({
  name: "digest",
  port: 8085,
  exposure: "public",
  publishes: ["task-digests"],
  subscribes: [Topics.taskEvents],
  invokes: ["task-api"],
  authenticatesUsers: true,
  databaseSchema: "digest",
});
const definitions = [...serviceDefinitions, digest];

const sized = (env: object, sizing: object) =>
  structuredClone({ ...env, services: { ...(env as Json).services, digest: sizing } });

function problemsOf(input: unknown): string {
  try {
    parseEnvironment(input, definitions);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvironmentValidationError);
    return (err as Error).message;
  }
  throw new Error("expected the environment to be rejected");
}

describe("serviceDefinitions", () => {
  it("a sixth service must be sized by every environment", () => {
    expect(problemsOf(structuredClone(dev))).toMatch(
      /'dev'[\s\S]*services\.digest: expected object \(field is required\)/,
    );
  });

  it("a sixth service gets the prod replica rule (at least two replicas)", () => {
    const one = { replicas: { min: 1, max: 4 }, cpuMillis: 250, memoryMiB: 256 };
    expect(problemsOf(sized(prod, one))).toMatch(
      /'prod'[\s\S]*services\.digest\.replicas\.min: is 1; allowed outside development: >= 2/,
    );
    const env = parseEnvironment(
      sized(prod, { ...one, replicas: { min: 3, max: 6 } }),
      definitions,
    );
    const app = synthJson(
      createEnvironmentStacks(Testing.app(), env, { services: definitions }).app,
    );
    const hpa = resourcesOf(app, "kubernetes_horizontal_pod_autoscaler_v2").find(
      (h) => h.metadata.name === "digest",
    );
    expect(hpa?.spec).toMatchObject({ min_replicas: 3, max_replicas: 6 });
  });

  describe("a sixth service in the synthesized dev stacks", () => {
    const env = parseEnvironment(
      sized(dev, { replicas: { min: 1, max: 2 }, cpuMillis: 250, memoryMiB: 256 }),
      definitions,
    );
    const app = synthJson(
      createEnvironmentStacks(Testing.app(), env, { services: definitions }).app,
    );
    const named = (type: string) =>
      resourcesOf(app, type).find((r) => r.metadata.name === "digest");

    it("is deployed: Deployment on its port, Service, and a NetworkPolicy that admits the front door", () => {
      const container = named("kubernetes_deployment_v1")?.spec.template.spec.container[0];
      expect(container.image).toBe("ghcr.io/todo-platform/digest:0.1.0");
      expect(container.port[0].container_port).toBe(8085);
      expect(container.env).toContainEqual({ name: "PORT", value: "8085" });
      expect(named("kubernetes_service_v1")?.spec.selector).toMatchObject({
        "app.kubernetes.io/name": "digest",
      });
      expect(named("kubernetes_network_policy_v1")?.spec.ingress).toContainEqual({
        from: [
          {
            namespace_selector: {
              match_labels: { "kubernetes.io/metadata.name": "ingress-nginx" },
            },
          },
        ],
        ports: [{ port: "8085", protocol: "TCP" }],
      });
    });

    it("is in the Dapr scopes and the access control of the app it invokes", () => {
      const components = Object.fromEntries(
        customResourcesOf(app, "Component").map((c) => [c.metadata.name, c.scopes]),
      );
      expect(components.pubsub).toContain("digest");
      expect(components.secretstore).toContain("digest");
      expect(components.statestore).not.toContain("digest");
      const taskApi = customResourcesOf(app, "Configuration").find(
        (c) => c.metadata.name === "task-api-config",
      );
      expect(taskApi?.spec.accessControl.policies.map((p: Json) => p.appId)).toEqual([
        "recurrence",
        "digest",
      ]);
      const taskApiEnv = resourcesOf(app, "kubernetes_deployment_v1").find(
        (d) => d.metadata.name === "task-api",
      )?.spec.template.spec.container[0].env;
      expect(taskApiEnv).toContainEqual({ name: "INTERNAL_CALLERS", value: "recurrence,digest" });
    });

    it("gets its topic with a dead-letter topic, and its database URL Secret", () => {
      const topics = customResourcesOf(app, "KafkaTopic").map((t) => t.metadata.name);
      expect(topics).toEqual(expect.arrayContaining(["task-digests", "task-digests.dlt"]));
      const secrets = resourcesOf(app, "kubernetes_secret_v1").map((s) => s.metadata.name);
      expect(secrets).toContain("digest-database-url");
      const role = resourcesOf(app, "kubernetes_role_v1").find(
        (r) => r.metadata.name === "digest-secrets",
      );
      expect(role?.rule[0].resource_names).toEqual(["digest-database-url", "auth-hs256-secret"]);
    });
  });

  it("a sixth service gets its local run configuration: resources, secrets, topics, environment", () => {
    const { resources } = localDaprResources(definitions, {
      kafkaBrokers: "127.0.0.1:9092",
      redisHost: "127.0.0.1:6379",
      secretsFile: join(tmpdir(), "secrets.json"), // only named, never written
    });
    const scoped = resources
      .map((r) => r.document as Json)
      .filter((d) => d.scopes?.includes("digest"))
      .map((d) => `${d.kind}/${d.metadata.name}`);
    expect(scoped.sort()).toEqual([
      "Component/pubsub",
      "Component/secretstore",
      "Resiliency/todo-resiliency",
    ]);
    expect(
      Object.keys(localSecretValues(definitions, { databaseUrl: "postgres://x", jwtSecret: "s" })),
    ).toContain("digest-database-url");
    expect(localTopicNames(definitions)).toEqual(
      expect.arrayContaining(["task-digests", "task-digests.dlt"]),
    );
    expect(serviceEnvironment(digest, definitions)).toMatchObject({ PORT: "8085" });
  });
});
