/**
 * Starts Todo services, each with its own daprd, on one machine against already running
 * Kafka, Postgres, Redis and Dapr control plane. Used by `npm run local` and the integration
 * tests, so both run the services exactly the same way: as separate processes behind Dapr.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DaprControlPlane } from "../dapr/dapr-control-plane.js";
import { startDaprd, type RunningDaprd } from "../dapr/daprd.js";
import { writeSecretsFile } from "../dapr/dapr-components.js";
import { freePort } from "../process/ports.js";
import type { ManagedProcess, Supervisor } from "../process/supervisor.js";
import {
  serviceByName,
  serviceDefinitions,
  type ServiceDefinition,
} from "../../services/service-definitions.js";
import {
  entryPointOf,
  secretStoreKeys,
  serviceEnvironment,
} from "../../services/service-definition.js";
import { writeLocalDaprResources } from "./dapr-resources.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface SystemInfra {
  readonly kafkaBrokers: string;
  readonly postgresUrl: string;
  /** `host:port` */
  readonly redisHost: string;
  readonly controlPlane: Pick<
    DaprControlPlane,
    "placementAddress" | "schedulerAddress" | "configFile"
  >;
  /** The infrastructure processes, when this supervisor runs them: services stop before them. @default - none */
  readonly processes?: readonly ManagedProcess[];
}

export interface StartSystemOptions {
  /** Names of the services to start. */
  readonly services: readonly string[];
  /** The definitions they are picked from. @default - services/service-definitions.ts */
  readonly definitions?: readonly ServiceDefinition[];
  /** Folder for resources, secrets file and logs. */
  readonly workDir: string;
  readonly logDir: string;
  /** Database every service uses (each in its own schema). */
  readonly databaseUrl: string;
  readonly jwtSecret: string;
  /** Fixed app ports by service name. @default - free ports */
  readonly ports?: Readonly<Record<string, number>>;
  /** Extra environment by service name. @default - none */
  readonly env?: Readonly<Record<string, Record<string, string>>>;
  readonly webhookUrl?: string;
  /** @default "info" */
  readonly logLevel?: string;
}

export interface RunningService {
  readonly name: string;
  /** What the sidecar sends in `dapr-api-token` on its calls to the app. */
  readonly appApiToken: string;
  readonly url: string;
  readonly port: number;
  readonly daprd: RunningDaprd;
  readonly process: ManagedProcess;
}

export async function startSystem(
  supervisor: Supervisor,
  infra: SystemInfra,
  options: StartSystemOptions,
): Promise<Record<string, RunningService>> {
  mkdirSync(options.workDir, { recursive: true });
  const definitions = options.definitions ?? serviceDefinitions;
  const secretsFile = writeSecretsFile(
    join(options.workDir, "secrets.json"),
    localSecretValues(definitions, options),
  );
  // Every service's resources, as on Kubernetes: each daprd loads those scoped to its app.
  const dapr = writeLocalDaprResources(options.workDir, definitions, {
    kafkaBrokers: infra.kafkaBrokers,
    redisHost: infra.redisHost,
    secretsFile,
    ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
  });
  const started = await Promise.all(
    options.services.map(async (name) => {
      const definition = serviceByName(name, definitions);
      const port = options.ports?.[name] ?? (await freePort());
      // Fresh per run and per app, like the per-app Secrets on Kubernetes: the app accepts
      // sidecar-only routes only with appApiToken, daprd accepts API calls only with apiToken.
      const appApiToken = randomBytes(32).toString("base64url");
      const apiToken = randomBytes(32).toString("base64url");
      const daprd = await startDaprd(supervisor, {
        appId: definition.name,
        appApiToken,
        apiToken,
        appPort: port,
        resourcesPath: dapr.resourcesPath,
        controlPlane: infra.controlPlane,
        logDir: options.logDir,
        logLevel: "warn",
        dependsOn: infra.processes ?? [],
      });
      const url = `http://127.0.0.1:${port}`;
      const proc = await supervisor.start(
        definition.name,
        process.execPath,
        ["--import", "tsx", entryPointOf(definition)],
        {
          cwd: REPO_ROOT,
          logFile: join(options.logDir, `${definition.name}.log`),
          env: {
            ...serviceEnvironment(definition, definitions),
            PORT: String(port),
            HOST: "127.0.0.1",
            DAPR_HTTP_PORT: String(daprd.httpPort),
            APP_API_TOKEN: appApiToken,
            DAPR_API_TOKEN: apiToken,
            LOG_LEVEL: options.logLevel ?? "info",
            SHUTDOWN_GRACE_SECONDS: "5",
            ...dapr.env.get(definition.name),
            ...options.env?.[name],
          },
          health: async () =>
            (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200,
          timeoutMs: 90_000,
          graceMs: 8_000,
          dependsOn: [daprd.process, ...(infra.processes ?? [])],
        },
      );
      return [name, { name, url, port, appApiToken, daprd, process: proc }] as const;
    }),
  );
  return Object.fromEntries(started);
}

/**
 * The local secret store: every key the services read, with the value that key holds on
 * Kubernetes too (one database for all, each service in its own schema).
 */
export function localSecretValues(
  definitions: readonly ServiceDefinition[],
  values: { readonly databaseUrl: string; readonly jwtSecret: string },
): Record<string, string> {
  return Object.fromEntries(
    [...secretStoreKeys(definitions)].map(([key, holds]) => [
      key,
      holds === "jwt-secret" ? values.jwtSecret : values.databaseUrl,
    ]),
  );
}
