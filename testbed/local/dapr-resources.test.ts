import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  ExternalKafkaCluster,
  ExternalPostgresDatabase,
  ExternalRedisCache,
} from "../../constructs/index.js";
import { TodoSystem } from "../../stacks/todo/todo-system.js";
import {
  customResourcesOf,
  synthJson,
  testStack,
  type Json,
} from "../../test/synth/synth-helpers.js";
import { writeDaprConfiguration } from "../dapr/dapr-components.js";
import { writeLocalDaprResources } from "./dapr-resources.js";
import { serviceDefinitions } from "../../services/service-definitions.js";

const dir = mkdtempSync(join(tmpdir(), "todo-local-dapr-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The Kubernetes rendering: TodoSystem's custom resources. */
function deployed(): Json[] {
  const stack = testStack();
  new TodoSystem(stack, "Todo", {
    namespace: "todo",
    imageRegistry: "ghcr.io/acme",
    imageTag: "1.2.3",
    kafka: ExternalKafkaCluster.fromAttributes({ bootstrapServers: ["kafka.todo.svc:9093"] }),
    postgres: ExternalPostgresDatabase.fromAttributes({ connectionUri: "${var.database_url}" }),
    redis: ExternalRedisCache.fromAttributes({
      endpoint: "todo-redis.todo.svc:6379",
      passwordSecretName: "todo-redis",
      tls: true,
    }),
    topics: {
      partitions: 3,
      replicationFactor: 1,
      retentionHours: 24,
      deadLetterRetentionHours: 72,
    },
    notificationWebhookUrl: "https://hooks.example.com/notify",
  });
  const json = synthJson(stack);
  return ["Component", "Resiliency", "Configuration"].flatMap((k) => customResourcesOf(json, k));
}

/** The local rendering: the files `npm run local` and the tests give daprd. */
function local(): { resources: Json[]; configuration: Json } {
  const { resourcesPath } = writeLocalDaprResources(dir, serviceDefinitions, {
    kafkaBrokers: "127.0.0.1:9092",
    redisHost: "127.0.0.1:6379",
    secretsFile: join(dir, "secrets.json"),
    webhookUrl: "http://127.0.0.1:8099/hooks",
  });
  const read = (file: string) => parse(readFileSync(file, "utf8")) as Json;
  return {
    resources: readdirSync(resourcesPath).map((f) => read(join(resourcesPath, f))),
    configuration: read(
      writeDaprConfiguration(join(dir, "config"), { nameResolutionDb: join(dir, "nr.db") }),
    ),
  };
}

/**
 * What may differ, and why: every other field must be equal.
 * - metadata.namespace and labels: Kubernetes objects only.
 * - Kafka brokers and TLS, Redis host, TLS and password: the cluster's stores vs this machine's
 *   (its Redis has no AUTH, so no password reference and no secret store to resolve it).
 * - the secret store: Kubernetes Secrets vs a local JSON file (kind and metadata).
 * - the webhook URL: an https endpoint vs a loopback server of the test.
 */
const PARAMETER_METADATA = new Set([
  "brokers",
  "disableTls",
  "redisHost",
  "enableTLS",
  "redisPassword",
  "url",
]);

function withoutParameters(document: Json): Json {
  const metadata = { ...document.metadata };
  delete metadata.namespace;
  delete metadata.labels;
  const normalized: Json = { ...document, metadata };
  if (document.kind !== "Component") return normalized;
  delete normalized.auth;
  const spec = { ...document.spec };
  if (String(spec.type).startsWith("secretstores.")) return { ...normalized, spec: "secret store" };
  spec.metadata = spec.metadata.filter((m: Json) => !PARAMETER_METADATA.has(m.name));
  return { ...normalized, spec };
}

/**
 * Configuration: one per app on Kubernetes (`<app>-config`), one for every standalone
 * daprd. Access control identifies callers by Sentry's mTLS certificates (none standalone);
 * standalone daprd resolve each other through a shared SQLite table; tracing goes to the
 * environment's collector.
 */
function configurationWithoutParameters(document: Json): Json {
  const spec = { ...document.spec };
  for (const parameter of ["accessControl", "nameResolution", "tracing"]) delete spec[parameter];
  return { apiVersion: document.apiVersion, kind: document.kind, spec };
}

describe("local Dapr resources", () => {
  const kubernetes = deployed();
  const { resources, configuration } = local();
  const key = (d: Json) => `${d.kind}/${d.metadata.name}`;
  const sorted = (documents: Json[]) => [...documents].sort((a, b) => key(a).localeCompare(key(b)));

  it("are TodoSystem's Components and Resiliency, equal apart from the parameters", () => {
    const deployedResources = kubernetes.filter((d) => d.kind !== "Configuration");
    expect(resources.map(key).sort()).toEqual(deployedResources.map(key).sort());
    expect(sorted(resources).map(withoutParameters)).toEqual(
      sorted(deployedResources).map(withoutParameters),
    );
  });

  it("keep each component's scopes, which daprd honours standalone too", () => {
    const scopes = (documents: Json[]) =>
      Object.fromEntries(documents.map((d) => [key(d), d.scopes]));
    expect(scopes(resources)).toEqual(scopes(kubernetes.filter((d) => d.kind !== "Configuration")));
  });

  it("use the parameters of this machine", () => {
    const pubsub = resources.find((d) => key(d) === "Component/pubsub")!;
    expect(pubsub.spec.metadata).toContainEqual({ name: "brokers", value: "127.0.0.1:9092" });
    expect(pubsub.spec.metadata).toContainEqual({ name: "disableTls", value: "true" });
    const secrets = resources.find((d) => key(d) === "Component/secretstore")!;
    expect(secrets.spec.type).toBe("secretstores.local.file");
    expect(resources.every((d) => d.metadata.namespace === undefined)).toBe(true);
  });

  it("give every sidecar the Configuration of Kubernetes, apart from the parameters", () => {
    const perApp = kubernetes.filter((d) => d.kind === "Configuration");
    expect(perApp.map((d) => d.metadata.name).sort()).toEqual(
      serviceDefinitions.map((s) => `${s.name}-config`).sort(),
    );
    for (const document of perApp)
      expect(configurationWithoutParameters(configuration)).toEqual(
        configurationWithoutParameters(document),
      );
  });
});
