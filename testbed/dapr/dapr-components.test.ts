import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  kafkaPubSubDocument,
  redisStateStoreDocument,
  type DaprResourceDocument,
} from "../../constructs/index.js";
import {
  localFileSecretStoreDocument,
  postgresStateStoreDocument,
  writeDaprConfiguration,
  writeDaprResources,
  writeSecretsFile,
} from "./dapr-components.js";

const dir = mkdtempSync(join(tmpdir(), "todo-dapr-components-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const metadataOf = (resource: DaprResourceDocument) =>
  Object.fromEntries(
    (
      resource.spec as { metadata: { name: string; value?: string; secretKeyRef?: unknown }[] }
    ).metadata.map((m) => [m.name, m.value ?? m.secretKeyRef]),
  );

describe("localFileSecretStoreDocument", () => {
  it("reads the JSON file with ':' between nested keys, named secretstore", () => {
    const component = localFileSecretStoreDocument({ secretsFile: "/s.json" });
    expect(component.metadata).toEqual({ name: "secretstore" });
    expect(component.spec).toMatchObject({ type: "secretstores.local.file", version: "v1" });
    expect(metadataOf(component)).toEqual({ secretsFile: "/s.json", nestedSeparator: ":" });
    expect(component).not.toHaveProperty("scopes");
  });
});

describe("postgresStateStoreDocument", () => {
  it("uses v2 and reads the connection string from the secret store", () => {
    const component = postgresStateStoreDocument({
      name: "pgstate",
      connectionString: { secretKeyRef: { name: "postgres-url", key: "postgres-url" } },
      secretStore: "secretstore",
    });
    expect(component.spec).toMatchObject({ type: "state.postgresql", version: "v2" });
    expect(metadataOf(component).connectionString).toEqual({
      name: "postgres-url",
      key: "postgres-url",
    });
    expect(component.auth).toEqual({ secretStore: "secretstore" });
  });
});

describe("writeDaprResources", () => {
  it("writes one YAML file per resource, the builder's document as it is", () => {
    const pubsub = kafkaPubSubDocument({ brokers: "b:1", tls: false, scopes: ["audit"] });
    const out = writeDaprResources(join(dir, "resources"), [
      pubsub,
      redisStateStoreDocument({ host: "r:1", tls: false }),
    ]);
    expect(readdirSync(out).sort()).toEqual(["component-pubsub.yaml", "component-statestore.yaml"]);
    expect(parse(readFileSync(join(out, "component-pubsub.yaml"), "utf8"))).toEqual(pubsub);
  });
});

describe("writeSecretsFile", () => {
  it("is readable by its owner only", () => {
    const file = writeSecretsFile(join(dir, "secrets.json"), { "jwt-secret": "s3cret" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe("writeDaprConfiguration", () => {
  it("selects SQLite name resolution, turns tracing off by default and has no access control", () => {
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
    expect(config.spec).not.toHaveProperty("accessControl");
  });
});
