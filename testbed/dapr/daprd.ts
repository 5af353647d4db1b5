/** One `daprd` sidecar in standalone mode (no mTLS), every port free and on 127.0.0.1. */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DaprAppHealthCheck,
  daprAppHealthCheckFlags,
} from "../../constructs/dapr/dapr-app-health-check.js";
import { ensureDapr } from "./dapr-build.js";
import type { DaprControlPlane } from "./dapr-control-plane.js";
import { freePorts, onFreePorts } from "../process/ports.js";
import type { ManagedProcess, Supervisor } from "../process/supervisor.js";

/** Options for {@link startDaprd}. */
export interface StartDaprdOptions {
  /** The Dapr app id (one name everywhere: service folder, app id, consumer group). */
  readonly appId: string;
  /** Folder of Component/Subscription/Resiliency YAML files (see dapr-components.ts). */
  readonly resourcesPath: string;
  readonly controlPlane: Pick<
    DaprControlPlane,
    "placementAddress" | "schedulerAddress" | "configFile"
  >;
  /** Port the app listens on. @default - none: daprd runs without an app (publish/state only) */
  readonly appPort?: number;
  /** @default "http" */
  readonly appProtocol?: "http" | "grpc";
  /** Configuration file. @default - controlPlane.configFile (SQLite name resolution) */
  readonly config?: string;
  /** Extra environment, e.g. variables the local.env secret store reads. @default - none */
  readonly env?: NodeJS.ProcessEnv;
  /** Where `daprd-<appId>.log` goes. @default - a new temporary folder */
  readonly logDir?: string;
  /** @default "info" */
  readonly logLevel?: "debug" | "info" | "warn" | "error";
  /**
   * When daprd counts as started: "outbound" = components loaded (`/v1.0/healthz/outbound`),
   * "app" = also connected to the app (`/v1.0/healthz`; needs the app to be listening).
   * @default "outbound"
   */
  readonly waitFor?: "outbound" | "app";
  /**
   * Token daprd demands in `dapr-api-token` on its HTTP/gRPC API (`DAPR_API_TOKEN`).
   * @default - none: the API is open to anything on loopback
   */
  readonly apiToken?: string;
  /**
   * Token daprd sends to the app in `dapr-api-token` (`APP_API_TOKEN`), so the app can tell
   * its sidecar from any other caller. @default - none
   */
  readonly appApiToken?: string;
  /** Seconds daprd drains in-flight work on SIGTERM. @default 5 */
  readonly gracefulShutdownSeconds?: number;
  /**
   * Probe the app (needs `appPort`); while it fails, daprd pauses subscriptions, bindings and
   * jobs. @default - no probes: daprd delivers whether or not the app can take it
   */
  readonly appHealthCheck?: DaprAppHealthCheck;
  /** Deadline for the health endpoint. @default 60_000 */
  readonly timeoutMs?: number;
  /** Processes daprd needs (broker, stores, control plane): on a signal it stops first. @default - none */
  readonly dependsOn?: readonly ManagedProcess[];
}

/** A running sidecar. */
export interface RunningDaprd {
  readonly appId: string;
  readonly httpPort: number;
  readonly grpcPort: number;
  readonly internalGrpcPort: number;
  readonly metricsPort: number;
  /** `http://127.0.0.1:<httpPort>`, the value for DAPR_HTTP_ENDPOINT. */
  readonly httpUrl: string;
  /** The `dapr-api-token` its API demands, when started with one. */
  readonly apiToken?: string;
  readonly logFile: string;
  /** The supervised daprd (restarted on the same ports when it dies, if the supervisor restarts). */
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts one `daprd` in standalone mode without mTLS, every port free and on 127.0.0.1. */
export const startDaprd = onFreePorts(startDaprdOnce);

async function startDaprdOnce(
  supervisor: Supervisor,
  options: StartDaprdOptions,
): Promise<RunningDaprd> {
  const install = await ensureDapr();
  const logDir = options.logDir ?? mkdtempSync(join(tmpdir(), "todo-logs-"));
  mkdirSync(logDir, { recursive: true });
  const [httpPort, grpcPort, internalGrpcPort, metricsPort] = (await freePorts(4)) as [
    number,
    number,
    number,
    number,
  ];
  const args = [
    "--mode=standalone",
    `--app-id=${options.appId}`,
    `--dapr-http-port=${httpPort}`,
    `--dapr-grpc-port=${grpcPort}`,
    `--dapr-internal-grpc-port=${internalGrpcPort}`,
    "--dapr-internal-grpc-listen-address=127.0.0.1",
    "--dapr-listen-addresses=127.0.0.1",
    `--metrics-port=${metricsPort}`,
    "--metrics-listen-address=127.0.0.1",
    `--resources-path=${options.resourcesPath}`,
    `--config=${options.config ?? options.controlPlane.configFile}`,
    `--placement-host-address=${options.controlPlane.placementAddress}`,
    `--scheduler-host-address=${options.controlPlane.schedulerAddress}`,
    `--log-level=${options.logLevel ?? "info"}`,
    // JSON like the services' logs and like daprd on Kubernetes (`dapr.io/log-as-json`).
    "--log-as-json",
    `--dapr-graceful-shutdown-seconds=${options.gracefulShutdownSeconds ?? 5}`,
    "--app-channel-address=127.0.0.1",
    `--app-protocol=${options.appProtocol ?? "http"}`,
    ...(options.appPort === undefined ? [] : [`--app-port=${options.appPort}`]),
    ...(options.appHealthCheck ? daprAppHealthCheckFlags(options.appHealthCheck) : []),
  ];
  const healthPath =
    (options.waitFor ?? "outbound") === "app" ? "/v1.0/healthz" : "/v1.0/healthz/outbound";
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const proc = await supervisor.start(`daprd-${options.appId}`, install.daprd, args, {
    logFile: join(logDir, `daprd-${options.appId}.log`),
    // daprd 1.18 reads both tokens only from these variables (no flags); on Kubernetes the
    // injector sets them from the Secrets named by dapr.io/api-token-secret and app-token-secret.
    env: {
      // Registered in name resolution with this address, so invocations stay on loopback.
      DAPR_HOST_IP: "127.0.0.1",
      // What `{podName}` in component metadata resolves to (the downward API sets it on
      // Kubernetes); one daprd per app on one machine, so the app id.
      POD_NAME: options.appId,
      ...(options.apiToken ? { DAPR_API_TOKEN: options.apiToken } : {}),
      ...(options.appApiToken ? { APP_API_TOKEN: options.appApiToken } : {}),
      ...options.env,
    },
    health: async () => (await fetch(`${httpUrl}${healthPath}`)).status === 204,
    timeoutMs: options.timeoutMs ?? 60_000,
    graceMs: ((options.gracefulShutdownSeconds ?? 5) + 5) * 1000,
    ...(options.dependsOn ? { dependsOn: options.dependsOn } : {}),
  });
  return {
    appId: options.appId,
    httpPort,
    grpcPort,
    internalGrpcPort,
    metricsPort,
    httpUrl,
    ...(options.apiToken ? { apiToken: options.apiToken } : {}),
    logFile: proc.logFile,
    process: proc,
    stop: () => proc.stop(),
  };
}
