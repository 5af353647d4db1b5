/**
 * Dapr resource files for daprd in standalone mode. The documents come from the builders of
 * `@todo-platform/constructs` (constructs/dapr), the same values the constructs emit on
 * Kubernetes; this file adds only what exists on one machine alone: the local-file secret
 * store, a Postgres state store for the runtime tests, the SQLite name resolution, and writing
 * the YAML files `--resources-path` and `--config` read.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import {
  daprComponentDocument,
  daprConfigurationDocument,
  type DaprDocumentPlacement,
  type DaprMetadataValue,
  type DaprResourceDocument,
} from "../../constructs/index.js";

/** Options for {@link localFileSecretStoreDocument}. */
export interface LocalFileSecretStoreOptions extends DaprDocumentPlacement {
  /** JSON file of secrets; write it with {@link writeSecretsFile}. */
  readonly secretsFile: string;
  /** @default "secretstore" */
  readonly name?: string;
}

/** `secretstores.local.file` (nested keys joined with ":"): the secret store of one machine. */
export function localFileSecretStoreDocument(
  options: LocalFileSecretStoreOptions,
): DaprResourceDocument {
  return daprComponentDocument({
    ...options,
    name: options.name ?? "secretstore",
    type: "secretstores.local.file",
    metadata: { secretsFile: options.secretsFile, nestedSeparator: ":" },
  });
}

/** Options for {@link postgresStateStoreDocument}. */
export interface PostgresStateStoreOptions extends DaprDocumentPlacement {
  readonly name: string;
  /** A `postgres://` URL, or a `secretKeyRef` into `secretStore`. */
  readonly connectionString: DaprMetadataValue;
  /** Secret store resolving `connectionString`. @default - none */
  readonly secretStore?: string;
  /** @default "v2" */
  readonly version?: "v1" | "v2";
  /** Prefix of the tables the store creates (v2). @default - Dapr's default */
  readonly tablePrefix?: string;
}

/** `state.postgresql` (compiled into the test daprd; not deployed). */
export function postgresStateStoreDocument(
  options: PostgresStateStoreOptions,
): DaprResourceDocument {
  return daprComponentDocument({
    ...options,
    type: "state.postgresql",
    version: options.version ?? "v2",
    metadata: {
      connectionString: options.connectionString,
      ...(options.tablePrefix ? { tablePrefix: options.tablePrefix } : {}),
    },
  });
}

/**
 * Writes each resource to `<dir>/<kind>-<name>.yaml` (creating `dir`) and returns `dir`,
 * ready for daprd's `--resources-path`.
 */
export function writeDaprResources(
  dir: string,
  resources: readonly DaprResourceDocument[],
): string {
  mkdirSync(dir, { recursive: true });
  for (const resource of resources) {
    const file = join(dir, `${resource.kind.toLowerCase()}-${resource.metadata.name}.yaml`);
    writeFileSync(file, stringify(resource));
  }
  return dir;
}

/** Writes a JSON secrets file for {@link localFileSecretStoreDocument} (mode 0600) and returns its path. */
export function writeSecretsFile(file: string, secrets: Readonly<Record<string, string>>): string {
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return file;
}

/** Options for {@link writeDaprConfiguration}. */
export interface DaprConfigurationOptions {
  /** SQLite file shared by all daprd of a run for name resolution (service invocation). */
  readonly nameResolutionDb: string;
  /** @default "daprconfig" */
  readonly name?: string;
  /** OTLP/HTTP endpoint (host:port) to send traces to. @default - tracing off */
  readonly otlpEndpoint?: string;
}

/**
 * Writes `<dir>/config.yaml`, the Configuration of every standalone daprd, and returns its path:
 * the sidecar Configuration of constructs/dapr with SQLite name resolution (mDNS needs
 * multicast, which CI containers often lack) and without access control, which needs
 * Sentry's mTLS identities.
 */
export function writeDaprConfiguration(dir: string, options: DaprConfigurationOptions): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "config.yaml");
  writeFileSync(
    file,
    stringify(
      daprConfigurationDocument({
        name: options.name ?? "daprconfig",
        otlpEndpoint: options.otlpEndpoint,
        otlpProtocol: "http",
        nameResolution: sqliteNameResolution(options.nameResolutionDb),
      }),
    ),
  );
  return file;
}

/** daprd's SQLite name resolver on `db`, shared by every daprd of a run. */
function sqliteNameResolution(db: string): Record<string, unknown> {
  return { component: "sqlite", version: "v1", configuration: { connectionString: db } };
}
