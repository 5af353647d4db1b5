import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { afterAll, describe, expect, it } from "vitest";
import { errorsOf, resourcesOf, synthJson, type Json } from "../test/synth/synth-helpers.js";
import {
  defineEnvironment,
  dev,
  local,
  parseEnvironment,
  prod,
  staging,
} from "../environments/index.js";
import { localInput } from "../environments/local.js";
import { createEnvironmentStacks } from "./environment-stacks.js";

const stacksOf = (env: typeof dev) => createEnvironmentStacks(Testing.app(), env);
const everyStackOf = (env: typeof dev) =>
  Object.values(stacksOf(env)).filter((s) => s !== undefined);

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * Synthesizes `env`'s stacks as one app, as `cdktf synth` does (only then do cross-stack
 * references become remote-state reads), and reads a stack's Terraform JSON by id.
 */
function synthesizeTogether(env: typeof dev): (stackId: string) => Json {
  const outdir = mkdtempSync(join(tmpdir(), "stacks-test-"));
  outdirs.push(outdir);
  const app = new App({ outdir, stackTraces: false });
  createEnvironmentStacks(app, env);
  app.synth();
  return (stackId) =>
    JSON.parse(readFileSync(join(outdir, "stacks", stackId, "cdk.tf.json"), "utf8")) as Json;
}

describe("createEnvironmentStacks", () => {
  it("gives dev a platform and an app stack, each with its state in a Secret of the cluster", () => {
    const stacks = stacksOf(dev);
    expect([stacks.platform.node.id, stacks.app.node.id]).toEqual([
      "todo-dev-platform",
      "todo-dev-app",
    ]);
    expect(stacks.database).toBeUndefined();
    expect(stacks.aws).toBeUndefined();
    for (const [stack, suffix] of [
      [stacks.platform, "todo-dev-platform"],
      [stacks.app, "todo-dev-app"],
    ] as const)
      expect(synthJson(stack).terraform.backend).toEqual({
        kubernetes: { secret_suffix: suffix, namespace: "default", config_path: "~/.kube/config" },
      });
  });

  it("keeps each stack's local state beside the environment's backend.path", () => {
    const env = parseEnvironment({ ...dev, backend: { kind: "local", path: "state/dev.tfstate" } });
    const stacks = stacksOf(env);
    expect(synthJson(stacks.platform).terraform.backend.local.path).toBe(
      "state/dev-platform.tfstate",
    );
    expect(synthJson(stacks.app).terraform.backend.local.path).toBe("state/dev-app.tfstate");
  });

  it("gives staging a Neon database stack and S3 state with a lock file, one key per stack", () => {
    const stacks = stacksOf(staging);
    expect(stacks.database?.node.id).toBe("todo-staging-database");
    expect(synthJson(stacks.app).terraform.backend.s3).toMatchObject({
      bucket: "todo-platform-tfstate",
      key: "staging/todo-staging-app.tfstate",
      encrypt: true,
      use_lockfile: true,
    });
  });

  it("gives prod an AWS stack for MSK and ElastiCache", () => {
    const stacks = stacksOf(prod);
    expect(stacks.aws?.node.id).toBe("todo-prod-aws");
    const aws = synthJson(stacks.aws!);
    expect(resourcesOf(aws, "aws_msk_cluster")).toHaveLength(1);
    expect(resourcesOf(aws, "aws_elasticache_replication_group")).toHaveLength(1);
  });

  it.each([dev, staging, prod])(
    "orders $name: the app stack depends on every other stack",
    (env) => {
      const stacks = stacksOf(env);
      const producers = [stacks.platform, stacks.database, stacks.aws].filter(
        (s) => s !== undefined,
      );
      expect(stacks.app.dependencies).toEqual(expect.arrayContaining(producers));
    },
  );

  it.each([dev, staging, prod])(
    "keeps custom resources out of $name's platform stack (CRDs must exist at plan time)",
    (env) => {
      const stacks = stacksOf(env);
      expect(resourcesOf(synthJson(stacks.platform), "kubernetes_manifest")).toEqual([]);
      expect(resourcesOf(synthJson(stacks.app), "kubernetes_manifest").length).toBeGreaterThan(0);
    },
  );

  it.each([dev, staging, prod])(
    "pins fully qualified provider sources in every $name stack",
    (env) => {
      for (const stack of everyStackOf(env)) {
        for (const [name, pin] of Object.entries(
          synthJson(stack).terraform.required_providers as Record<string, { source: string }>,
        ))
          expect(pin.source, `${stack.node.id}: ${name}`).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      }
    },
  );

  it.each([dev, staging, prod])("passes every workload policy in $name", (env) => {
    for (const stack of everyStackOf(env)) {
      synthJson(stack);
      expect(errorsOf(stack), stack.node.id).toEqual([]);
    }
  });

  it("fails synth when a workload breaks a policy", () => {
    const stacks = stacksOf(dev);
    const api = stacks.app.system.services["task-api"];
    api.deployment.spec.template.spec.putContainer([
      { name: "task-api", image: "ghcr.io/todo-platform/task-api:latest" },
    ]);
    synthJson(stacks.app);
    expect(errorsOf(stacks.app)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("is tagged 'latest'"),
        expect.stringContaining("resources limits.cpu"),
      ]),
    );
  });

  it("outputs the namespace, Dapr namespace and trace collector from the platform stack", () => {
    const outputs = synthJson(stacksOf(dev).platform).output;
    expect(outputs.namespace.value).toBe("todo");
    expect(outputs.dapr_namespace.value).toBe("dapr-system");
    expect(outputs.otlp_endpoint.value).toBe("otel-collector.observability.svc:4317");
  });

  it("outputs MSK and ElastiCache endpoints from prod's AWS stack", () => {
    const outputs = synthJson(stacksOf(prod).aws!).output;
    expect(outputs.kafka_bootstrap_servers.value).toMatch(
      /aws_msk_cluster\..*\.bootstrap_brokers_tls/,
    );
    expect(outputs.redis_endpoint.value).toMatch(/primary_endpoint_address/);
  });

  it("re-exports prod's MSK brokers, read from the AWS stack's sensitive output, as sensitive", () => {
    const outputs = synthesizeTogether(prod)("todo-prod-app").output;
    expect(outputs.kafka_bootstrap_servers.sensitive).toBe(true);
    expect(outputs.kafka_bootstrap_servers.value).toMatch(/terraform_remote_state/);
  });

  it("passes staging's Neon connection URI to the app stack only through a sensitive output", () => {
    const read = synthesizeTogether(staging);
    const crossStack = Object.entries(
      read("todo-staging-database").output as Record<string, { sensitive?: boolean }>,
    ).filter(([name]) => name.startsWith("cross-stack-output-"));
    expect(crossStack.length).toBeGreaterThan(0);
    for (const [, output] of crossStack) expect(output.sensitive).toBe(true);
    const secrets = Object.values(
      read("todo-staging-app").resource.kubernetes_secret_v1 as Record<
        string,
        { metadata: { name: string }; data: Record<string, string> }
      >,
    );
    const databaseUrl = secrets.find((s) => s.metadata.name === "task-api-database-url")!;
    // The password crosses as its own sensitive output; the URI is assembled in the app stack.
    expect(databaseUrl.data["task-api-database-url"]).toContain(
      "urlencode(data.terraform_remote_state.cross-stack-reference-input-todo-staging-database.outputs.",
    );
  });

  it("installs Dapr in HA with mTLS for prod", () => {
    const [release] = resourcesOf(synthJson(stacksOf(prod).platform), "helm_release").filter(
      (r) => r.chart === "dapr",
    );
    expect(JSON.parse(release.values[0]).global).toMatchObject({
      ha: { enabled: true },
      mtls: { enabled: true },
    });
  });

  it("outputs the task API URL and secret names", () => {
    const outputs = synthJson(stacksOf(dev).app).output;
    expect(Object.keys(outputs).sort()).toEqual([
      "kafka_bootstrap_servers",
      "redis_secret_name",
      "secret_store_keys",
      "task_api_url",
    ]);
    expect(outputs.task_api_url.value).toBe("http://task-api.todo.svc");
  });
});

describe("local: operators preinstalled, the Dapr chart from a directory", () => {
  it("installs no Strimzi or CloudNativePG operator in the platform stack", () => {
    const stacks = stacksOf(local);
    const releases = resourcesOf(synthJson(stacks.platform), "helm_release");
    expect(releases.map((r) => r.name)).toEqual(["dapr"]);
    expect(releases[0]!.chart).toMatch(/\.charts\/dapr-1\.18\.3$/);
    expect(releases[0]!.repository).toBeUndefined();
  });

  it("checks every CRD of a preinstalled operator before planning anything in the app stack", () => {
    const json = synthJson(stacksOf(local).app);
    const checks = Object.entries(json.data.kubernetes_resources) as [string, Json][];
    expect(checks.map(([, c]) => c.field_selector).sort()).toEqual(
      [
        "metadata.name=clusters.postgresql.cnpg.io",
        "metadata.name=kafkanodepools.kafka.strimzi.io",
        "metadata.name=kafkas.kafka.strimzi.io",
        "metadata.name=kafkatopics.kafka.strimzi.io",
      ].sort(),
    );
    for (const [, check] of checks)
      expect((check.lifecycle as Json).postcondition).toEqual([
        expect.objectContaining({
          error_message: expect.stringMatching(
            / is missing from the cluster: install the (Strimzi|CloudNativePG) operator/,
          ),
        }),
      ]);
    const addresses = checks.map(([name]) => `data.kubernetes_resources.${name}`);
    for (const [type, byName] of Object.entries(json.resource) as [string, Record<string, Json>][])
      for (const [name, resource] of Object.entries(byName))
        expect(resource.depends_on, `${type}.${name}`).toEqual(expect.arrayContaining(addresses));
  });

  it("adds no CRD check where the platform stack installs the operators", () => {
    expect(synthJson(stacksOf(dev).app).data?.kubernetes_resources).toBeUndefined();
  });

  it("rejects a mirror that is not a URL and an unknown chart name, naming the field", () => {
    expect(() =>
      defineEnvironment({
        ...localInput,
        charts: { dapr: { kind: "mirror", repository: "charts.internal" } },
      }),
    ).toThrow(
      /charts\.dapr\.repository: must be an https:\/\/, http:\/\/ or oci:\/\/ repository URL/,
    );
    expect(() =>
      defineEnvironment({ ...localInput, charts: { daprr: { kind: "public" } } as never }),
    ).toThrow(/charts: unknown field\(s\) "daprr"/);
  });

  it("installs a chart from a mirror with the pinned name and version", () => {
    const env = defineEnvironment({
      ...localInput,
      charts: { dapr: { kind: "mirror", repository: "oci://charts.internal/dapr" } },
    });
    const [release] = resourcesOf(synthJson(stacksOf(env).platform), "helm_release");
    expect(release).toMatchObject({
      repository: "oci://charts.internal/dapr",
      chart: "dapr",
      version: "1.18.3",
    });
  });
});
