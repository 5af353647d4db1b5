import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  DAPR_COMPONENT_NAMES,
  type DaprResource,
  kafkaPubSub,
  postgresStateStore,
  redisStateStore,
  subscription,
  writeDaprConfiguration,
  writeDaprResources,
  writeSecretsFile,
} from "../../scripts/infra/dapr-components.js";

const dir = mkdtempSync(join(tmpdir(), "todo-dapr-components-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const metadataOf = (resource: DaprResource) =>
  Object.fromEntries(
    (
      resource.spec as { metadata: { name: string; value?: string; secretKeyRef?: unknown }[] }
    ).metadata.map((m) => [m.name, m.value ?? m.secretKeyRef]),
  );

describe("kafkaPubSub", () => {
  it("defaults to the shared name, no auth/TLS and the oldest offset", () => {
    const component = kafkaPubSub({ brokers: "127.0.0.1:9092" });
    expect(component.metadata.name).toBe(DAPR_COMPONENT_NAMES.pubsub);
    expect(component.spec).toMatchObject({ type: "pubsub.kafka", version: "v1" });
    expect(metadataOf(component)).toEqual({
      brokers: "127.0.0.1:9092",
      authType: "none",
      disableTls: "true",
      initialOffset: "oldest",
    });
    expect(component).not.toHaveProperty("scopes");
  });

  it("scopes the component to the given apps", () => {
    expect(kafkaPubSub({ brokers: "b:1", scopes: ["audit"] }).scopes).toEqual(["audit"]);
  });
});

describe("redisStateStore", () => {
  it("is the actor state store by default", () => {
    const component = redisStateStore({ redisHost: "127.0.0.1:6379" });
    expect(component.metadata.name).toBe(DAPR_COMPONENT_NAMES.stateStore);
    expect(metadataOf(component)).toMatchObject({ actorStateStore: "true" });
  });
});

describe("postgresStateStore", () => {
  it("uses v2 and reads the connection string from the secret store", () => {
    const component = postgresStateStore({
      name: "pgstate",
      connectionString: { secretKeyRef: { name: "postgres-url" } },
      secretStore: "secretstore",
    });
    expect(component.spec).toMatchObject({ type: "state.postgresql", version: "v2" });
    expect(metadataOf(component).connectionString).toEqual({ name: "postgres-url" });
    expect(component.auth).toEqual({ secretStore: "secretstore" });
  });
});

describe("subscription", () => {
  it("routes a topic to the app with its dead-letter topic", () => {
    expect(
      subscription({
        name: "audit-task-events",
        topic: "task-events",
        route: "/events",
        deadLetterTopic: "task-events-dlt",
      }),
    ).toEqual({
      apiVersion: "dapr.io/v2alpha1",
      kind: "Subscription",
      metadata: { name: "audit-task-events" },
      spec: {
        pubsubname: "pubsub",
        topic: "task-events",
        routes: { default: "/events" },
        deadLetterTopic: "task-events-dlt",
      },
    });
  });
});

describe("writeDaprResources", () => {
  it("writes one YAML file per resource", () => {
    const out = writeDaprResources(join(dir, "resources"), [
      kafkaPubSub({ brokers: "b:1" }),
      redisStateStore({ redisHost: "r:1" }),
    ]);
    expect(readdirSync(out).sort()).toEqual(["component-pubsub.yaml", "component-statestore.yaml"]);
    expect(parse(readFileSync(join(out, "component-pubsub.yaml"), "utf8"))).toEqual(
      kafkaPubSub({ brokers: "b:1" }),
    );
  });
});

describe("writeSecretsFile", () => {
  it("is readable by its owner only", () => {
    const file = writeSecretsFile(join(dir, "secrets.json"), { "jwt-secret": "s3cret" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe("writeDaprConfiguration", () => {
  it("selects SQLite name resolution and turns tracing off by default", () => {
    const config = parse(
      readFileSync(
        writeDaprConfiguration(join(dir, "config"), { nameResolutionDb: "/tmp/nr.db" }),
        "utf8",
      ),
    ) as { spec: Record<string, unknown> };
    expect(config.spec.nameResolution).toEqual({
      component: "sqlite",
      version: "v1",
      configuration: { connectionString: "/tmp/nr.db" },
    });
    expect(config.spec.tracing).toEqual({ samplingRate: "0" });
  });
});
