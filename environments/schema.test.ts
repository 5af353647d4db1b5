import { describe, expect, it } from "vitest";
import { dev, local, prod, staging } from "./index.js";
import { EnvironmentValidationError, parseEnvironment } from "./define-environment.js";

// Bad definitions are untyped on purpose: they are what a careless edit would produce.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** A deep copy of a valid environment with one change applied, as a bad definition would be. */
function variant(base: object, change: (env: Loose) => void): unknown {
  const copy = structuredClone(base) as Loose;
  change(copy);
  return copy;
}

function problemsOf(input: unknown): string {
  try {
    parseEnvironment(input);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvironmentValidationError);
    return (err as Error).message;
  }
  throw new Error("expected the environment to be rejected");
}

describe("environment schema", () => {
  it.each([dev, staging, prod])("accepts the committed environment $name", (env) => {
    expect(parseEnvironment(structuredClone(env))).toEqual(env);
  });

  const bad: [string, unknown, RegExp][] = [
    [
      "a wrong type for brokers",
      variant(dev, (e) => (e.kafka.brokers = "three")),
      /Invalid environment 'dev':[\s\S]*kafka\.brokers: expected number, got string "three"/,
    ],
    [
      "a missing required field",
      variant(staging, (e) => delete e.images.tag),
      /Invalid environment 'staging':[\s\S]*images\.tag: expected string \(field is required\)/,
    ],
    [
      "min replicas above max replicas",
      variant(staging, (e) => (e.services["task-api"].replicas = { min: 5, max: 3 })),
      /'staging'[\s\S]*services\.task-api\.replicas\.min: min \(5\) exceeds max \(3\); allowed: min <= max/,
    ],
    [
      "an unknown Kafka kind",
      variant(dev, (e) => (e.kafka = { kind: "rabbitmq" })),
      /'dev'[\s\S]*kafka\.kind: unknown kind; allowed: "strimzi" \| "msk" \| "external"/,
    ],
    [
      "production without a remote backend",
      variant(prod, (e) => (e.backend = { kind: "local", path: "x.tfstate" })),
      /'prod'[\s\S]*backend\.kind: is 'local'; allowed for stage 'production': 's3'/,
    ],
    [
      "a 'latest' image tag",
      variant(dev, (e) => (e.images.tag = "latest")),
      /'dev'[\s\S]*images\.tag: must be a pinned semantic version tag such as 1\.4\.2 \(never 'latest'\)/,
    ],
    [
      "a pull secret that is no Kubernetes name",
      variant(dev, (e) => (e.images.pullSecrets = ["GHCR_Pull"])),
      /'dev'[\s\S]*images\.pullSecrets\.0: /,
    ],
    [
      "an unknown stage",
      variant(dev, (e) => (e.stage = "qa")),
      /'dev'[\s\S]*stage: allowed: "development" \| "staging" \| "production"/,
    ],
    [
      "an unsupported Kafka version",
      variant(staging, (e) => (e.kafka.version = "3.9.0")),
      /'staging'[\s\S]*kafka\.version: allowed: "4\.2\.0" \| "4\.2\.1" \| "4\.3\.0" \| "4\.3\.1"/,
    ],
    [
      "a replication factor above the broker count",
      variant(dev, (e) => (e.topics.replicationFactor = 3)),
      /'dev'[\s\S]*topics\.replicationFactor: \(3\) exceeds kafka\.brokers \(1\); allowed: 1\.\.1/,
    ],
    [
      "a self-signed front-door certificate outside development",
      variant(staging, (e) => (e.frontDoor.tls = { secretName: "todo-tls", selfSigned: true })),
      /'staging'[\s\S]*frontDoor\.tls\.selfSigned: is true; allowed for stage 'staging': false/,
    ],
    [
      "a self-signed front-door certificate that cert-manager also fills",
      variant(
        dev,
        (e) => (e.frontDoor.tls = { secretName: "t", selfSigned: true, clusterIssuer: "le" }),
      ),
      /'dev'[\s\S]*frontDoor\.tls: selfSigned and clusterIssuer exclude each other/,
    ],
    [
      "production Dapr without HA",
      variant(prod, (e) => (e.dapr.ha = false)),
      /'prod'[\s\S]*dapr: allowed for stage 'production': ha = true and mtls = true/,
    ],
    [
      "MSK without an aws block",
      variant(prod, (e) => delete e.aws),
      /'prod'[\s\S]*aws: is required when kafka\.kind is 'msk'/,
    ],
    [
      "an aws block nothing uses",
      variant(staging, (e) => (e.aws = structuredClone(prod.aws))),
      /'staging'[\s\S]*aws: is set, but nothing in this environment runs on AWS \(only when kafka\.kind is 'msk' or redis\.kind is 'elasticache'\); remove it/,
    ],
    [
      "a local state path that is no .tfstate file",
      variant(local, (e) => (e.backend.path = "state/")),
      /'local'[\s\S]*backend\.path: must be a file name ending in \.tfstate/,
    ],
    [
      "state in the cluster outside development",
      variant(
        staging,
        (e) => (e.backend = { kind: "kubernetes", namespace: "default", secretSuffix: "s" }),
      ),
      /'staging'[\s\S]*backend\.kind: is 'kubernetes'; allowed for stage 'staging': 's3'/,
    ],
    [
      "a state Secret suffix that is no DNS label",
      variant(dev, (e) => (e.backend.secretSuffix = "Todo_Dev")),
      /'dev'[\s\S]*backend\.secretSuffix: must be a DNS label/,
    ],
    [
      "a misspelled field",
      variant(dev, (e) => (e.observabilty = { enabled: true })),
      /'dev'[\s\S]*\(top level\): unknown field\(s\) "observabilty"; remove them or fix the spelling/,
    ],
    [
      "zero memory for a service",
      variant(dev, (e) => (e.services.audit.memoryMiB = 0)),
      /'dev'[\s\S]*services\.audit\.memoryMiB: too small; allowed: >= 64/,
    ],
    [
      "a single replica outside development",
      variant(staging, (e) => (e.services.realtime.replicas.min = 1)),
      /'staging'[\s\S]*services\.realtime\.replicas\.min: is 1; allowed outside development: >= 2/,
    ],
    [
      "MSK brokers not spread evenly over the subnets",
      variant(prod, (e) => (e.kafka.brokers = 4)),
      /'prod'[\s\S]*kafka\.brokers: \(4\) must be a multiple of aws\.subnetIds \(3\)/,
    ],
    [
      "a service missing from the sizing table",
      variant(dev, (e) => delete e.services.notification),
      /'dev'[\s\S]*services\.notification: expected object \(field is required\)/,
    ],
    [
      "an unknown Postgres kind",
      variant(staging, (e) => (e.postgres = { kind: "mysql" })),
      /'staging'[\s\S]*postgres\.kind: unknown kind; allowed: "cloudnative-pg" \| "neon"/,
    ],
    [
      "a trace sampling ratio above 1",
      variant(dev, (e) => (e.observability.traceSamplingRatio = 2)),
      /'dev'[\s\S]*observability\.traceSamplingRatio: too big; allowed: <= 1/,
    ],
  ];

  it.each(bad)("fails on %s", (_label, input, message) => {
    expect(problemsOf(input)).toMatch(message);
  });

  it("names <unnamed> when the name itself is missing", () => {
    expect(problemsOf(variant(dev, (e) => delete e.name))).toMatch(
      /Invalid environment '<unnamed>':[\s\S]*name:/,
    );
  });
});
