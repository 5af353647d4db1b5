/**
 * The Dapr runtime for tests and `npm run local`: `daprd`, `placement` and `scheduler`
 * built from the Go module proxy at the release matching the pinned `@dapr/dapr` SDK, with
 * only the components this project uses compiled in, and started in standalone mode
 * (no mTLS) on free loopback ports.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DaprAppHealthCheck,
  daprAppHealthCheckFlags,
} from "../../constructs/dapr/dapr-app-health-check.js";
import { BootstrapError, cacheDir, isStamped, progress, runStep, stamp } from "./cache.js";
import { writeDaprConfiguration } from "./dapr-components.js";
import { withBuildLock } from "./build-lock.js";
import { freePorts, retryOnPortClash } from "./ports.js";
import type { ManagedProcess, Supervisor } from "./supervisor.js";

/** Runtime release matching `@dapr/dapr` 3.18.0; the Jobs API is stable from 1.18. */
export const DAPR_VERSION = "1.18.3";
const DAPR_MODULE = "github.com/dapr/dapr";
const COMPONENT = "dapr";
/** Bump when the build commands change, so caches built the old way are rebuilt. */
const BUILD_RECIPE = "recipe-2: trimpath, stablecomponents, upstream ldflags";
const GO_HINT = "install Go >= 1.26 (https://go.dev/dl/) and put its bin folder on PATH";

/**
 * Component registrations compiled into daprd (files of cmd/daprd/components). Everything
 * else is deleted from the build copy, so the cloud SDKs behind them are never compiled.
 */
export const DAPRD_COMPONENTS = [
  "pubsub_kafka.go",
  "pubsub_in-memory.go",
  "state_redis.go",
  "state_postgres.go",
  "state_in-memory.go",
  "bindings_cron.go",
  "bindings_http.go",
  "secretstores_local_file.go",
  "secretstores_local_env.go",
  "nameresolution_mdns.go",
  // mDNS needs multicast, which CI containers often lack: all daprd of a run share one SQLite table instead.
  "nameresolution_sqlite.go",
  "lock_redis.go",
  "configuration_redis.go",
  "crypto_localstorage.go",
] as const;

/**
 * Dependencies of the release that the module proxy this project can reach does not serve,
 * with the nearest served version and its go.sum hashes (pinned here, so the download is
 * verified without a checksum-database lookup).
 */
const DEPENDENCY_SUBSTITUTES: readonly DependencySubstitute[] = [
  {
    module: "github.com/dapr/durabletask-go",
    required: "v0.12.4",
    substitute: "v0.12.1",
    zipHash: "h1:CIqG2HJGnU7kRtHICuRSSSO9RdHax99HdvHEaxRGE04=",
    goModHash: "h1:+8ABEQn9JvRPRvPr1QNVxdkdLPgJgpJwcpie5ZDt7nk=",
  },
];

interface DependencySubstitute {
  readonly module: string;
  readonly required: string;
  readonly substitute: string;
  readonly zipHash: string;
  readonly goModHash: string;
}

/** The three Dapr binaries in the cache. */
export interface DaprInstall {
  readonly version: string;
  readonly daprd: string;
  readonly placement: string;
  readonly scheduler: string;
  /** Module versions swapped in because the proxy did not serve the release's own. */
  readonly substitutions: readonly string[];
}

/**
 * Builds daprd, placement and scheduler once into the cache (`-tags stablecomponents`,
 * trimmed to {@link DAPRD_COMPONENTS}); later calls return at once. The Go build cache
 * lives next to the binaries, so a rebuild after a changed component list is incremental.
 */
export function ensureDapr(): Promise<DaprInstall> {
  ensured ??= buildDapr().catch((err: unknown) => {
    ensured = undefined;
    throw err;
  });
  return ensured;
}

/** One build (or cache check) per process, however many daprd a test run starts. */
let ensured: Promise<DaprInstall> | undefined;

async function buildDapr(): Promise<DaprInstall> {
  const home = cacheDir(`dapr-${DAPR_VERSION}`);
  const bin = join(home, "bin");
  const fingerprint = [DAPR_VERSION, BUILD_RECIPE, ...DAPRD_COMPONENTS].join("\n");
  const install = (substitutions: readonly string[]): DaprInstall => ({
    version: DAPR_VERSION,
    daprd: join(bin, "daprd"),
    placement: join(bin, "placement"),
    scheduler: join(bin, "scheduler"),
    substitutions,
  });
  const substitutionsFile = join(home, "substitutions.json");
  if (isStamped(home, fingerprint)) {
    progress(COMPONENT, `${DAPR_VERSION} cached`);
    return install(JSON.parse(readFileSync(substitutionsFile, "utf8")) as string[]);
  }
  return withBuildLock(COMPONENT, home, async () => {
    // Whoever held the lock may have just built it.
    if (isStamped(home, fingerprint))
      return install(JSON.parse(readFileSync(substitutionsFile, "utf8")) as string[]);
    const substitutions = await compileDapr(home, bin);
    writeFileSync(substitutionsFile, JSON.stringify(substitutions));
    stamp(home, fingerprint);
    return install(substitutions);
  });
}

/** Copies the release's source, trims components and builds; returns the applied substitutions. */
async function compileDapr(home: string, bin: string): Promise<string[]> {
  const localGo = (
    await runStep(COMPONENT, "go", ["env", "GOVERSION"]).catch(() => {
      throw new BootstrapError(COMPONENT, `the Go toolchain is needed to build daprd; ${GO_HINT}`);
    })
  ).trim();

  const started = Date.now();
  const goEnv = {
    GOCACHE: join(home, "gocache"),
    CGO_ENABLED: "0",
    GOFLAGS: "-buildvcs=false",
    // An older (>= 1.21) go command fetches the toolchain the release's go.mod asks for.
    GOTOOLCHAIN: "auto",
  };
  progress(COMPONENT, `fetching ${DAPR_MODULE}@v${DAPR_VERSION} from the Go module proxy ...`);
  const release = await downloadModule(`${DAPR_MODULE}@v${DAPR_VERSION}`, goEnv);
  requireGoToolchain(localGo, readFileSync(join(release.dir, "go.mod"), "utf8"));

  // The release's go.mod has replace directives, so `go install module@version` refuses it:
  // build in a writable copy instead.
  const src = join(home, "src");
  rmSync(src, { recursive: true, force: true });
  await runStep(COMPONENT, "cp", ["-r", release.dir, src]);
  await runStep(COMPONENT, "chmod", ["-R", "u+w", src]);
  trimComponents(join(src, "cmd", "daprd", "components"));
  const substitutions = await substituteUnservedDependencies(src, goEnv);

  progress(COMPONENT, "compiling daprd, placement, scheduler (cold: several minutes) ...");
  const heartbeat = setInterval(
    () => progress(COMPONENT, `still compiling (${Math.round((Date.now() - started) / 1000)} s)`),
    60_000,
  );
  try {
    await runStep(
      COMPONENT,
      "go",
      [
        "build",
        "-trimpath",
        "-tags",
        "stablecomponents",
        "-ldflags",
        [
          "-s -w",
          `-X ${DAPR_MODULE}/pkg/buildinfo.version=${DAPR_VERSION}`,
          `-X ${DAPR_MODULE}/pkg/buildinfo.gitversion=v${DAPR_VERSION}`,
          `-X ${DAPR_MODULE}/pkg/buildinfo.gitcommit=${release.commit}`,
          // The version every log line carries (as the upstream Makefile sets it).
          `-X github.com/dapr/kit/logger.DaprVersion=${DAPR_VERSION}`,
        ].join(" "),
        "-o",
        `${bin}/`,
        "./cmd/daprd",
        "./cmd/placement",
        "./cmd/scheduler",
      ],
      { cwd: src, env: goEnv },
    );
  } finally {
    clearInterval(heartbeat);
  }
  const reported = (await runStep(COMPONENT, join(bin, "daprd"), ["--version"])).trim();
  if (reported !== DAPR_VERSION) {
    throw new BootstrapError(
      COMPONENT,
      `built daprd reports version '${reported}', expected ${DAPR_VERSION}`,
    );
  }
  progress(COMPONENT, `${DAPR_VERSION} built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return substitutions;
}

/**
 * Go >= 1.21 switches to the toolchain a go.mod requires by itself (GOTOOLCHAIN=auto);
 * anything older, such as Debian 12's golang-go 1.19, cannot build the release at all.
 */
function requireGoToolchain(localGo: string, goMod: string): void {
  const required = /^go (\d+(?:\.\d+)*)/m.exec(goMod)?.[1] ?? "0";
  const local = localGo.replace(/^go/, "");
  if (compareVersions(local, "1.21") >= 0) {
    if (compareVersions(local, required) < 0) {
      progress(
        COMPONENT,
        `${localGo} installed; the go command switches to go${required} for this build`,
      );
    }
    return;
  }
  throw new BootstrapError(
    COMPONENT,
    `${localGo} is too old to build Dapr ${DAPR_VERSION} (its go.mod needs go ${required}; Debian 12's golang-go is 1.19); ${GO_HINT}`,
  );
}

/** Numeric comparison of dotted versions ("1.26.8" vs "1.26.6"). */
function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) =>
    v
      .split(/[^\d]+/)
      .filter(Boolean)
      .map(Number),
  );
  for (let i = 0; i < Math.max(pa!.length, pb!.length); i++) {
    const diff = (pa![i] ?? 0) - (pb![i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Where `go mod download` put a module, and the commit it was tagged from. */
async function downloadModule(
  moduleAtVersion: string,
  env: NodeJS.ProcessEnv,
): Promise<{ dir: string; commit: string }> {
  try {
    const output = await runStep(COMPONENT, "go", ["mod", "download", "-json", moduleAtVersion], {
      env,
    });
    const info = JSON.parse(output) as { Dir: string; Origin?: { Hash?: string } };
    return { dir: info.Dir, commit: info.Origin?.Hash ?? "unknown" };
  } catch (err) {
    throw new BootstrapError(
      COMPONENT,
      `the Go module proxy (${goProxy()}) did not serve ${moduleAtVersion}: ${(err as Error).message}`,
    );
  }
}

/** Deletes unneeded registrations; the kept ones (some only tagged allcomponents) build under stablecomponents. */
function trimComponents(componentsDir: string): void {
  const keep = new Set<string>([...DAPRD_COMPONENTS, "zz_notag.go"]);
  for (const file of readdirSync(componentsDir)) {
    const path = join(componentsDir, file);
    if (!keep.has(file)) {
      rmSync(path);
      continue;
    }
    if (file === "zz_notag.go") continue;
    const source = readFileSync(path, "utf8");
    writeFileSync(
      path,
      source.replace(/^\/\/go:build .*$/m, "//go:build allcomponents || stablecomponents"),
    );
  }
  const missing = DAPRD_COMPONENTS.filter((file) => !existsSync(join(componentsDir, file)));
  if (missing.length > 0) {
    throw new BootstrapError(
      COMPONENT,
      `daprd ${DAPR_VERSION} has no component file(s) ${missing.join(", ")}`,
    );
  }
}

/**
 * Points go.mod at the substitute of each dependency version the proxy refuses, and adds
 * the substitute's pinned hashes to go.sum. Served versions are left alone.
 */
async function substituteUnservedDependencies(
  src: string,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const applied: string[] = [];
  for (const dep of DEPENDENCY_SUBSTITUTES) {
    const served = await runStep(
      COMPONENT,
      "go",
      ["mod", "download", `${dep.module}@${dep.required}`],
      {
        cwd: src,
        env,
      },
    ).then(
      () => true,
      () => false,
    );
    if (served) continue;
    progress(
      COMPONENT,
      `${dep.module}@${dep.required} is not served by the module proxy; using ${dep.substitute}`,
    );
    await runStep(
      COMPONENT,
      "go",
      ["mod", "edit", `-replace=${dep.module}=${dep.module}@${dep.substitute}`],
      {
        cwd: src,
        env,
      },
    );
    const sumFile = join(src, "go.sum");
    writeFileSync(
      sumFile,
      `${readFileSync(sumFile, "utf8")}${dep.module} ${dep.substitute} ${dep.zipHash}\n${dep.module} ${dep.substitute}/go.mod ${dep.goModHash}\n`,
    );
    applied.push(`${dep.module} ${dep.required} -> ${dep.substitute}`);
  }
  return applied;
}

function goProxy(): string {
  const result = spawnSync("go", ["env", "GOPROXY"], { encoding: "utf8" });
  return result.stdout?.trim() || "GOPROXY unset";
}

/** Options for {@link startDaprControlPlane}. */
export interface StartDaprControlPlaneOptions {
  /** Where `placement.log` and `scheduler.log` go. @default - a new temporary folder */
  readonly logDir?: string;
  /** Deadline for each service's /healthz. @default 60_000 */
  readonly timeoutMs?: number;
  /**
   * Keep the scheduler's jobs (and the name-resolution table) in this folder across starts.
   * @default - a throw-away folder, deleted on stop
   */
  readonly dataDir?: string;
}

/** Running placement + scheduler, and what every daprd needs to join them. */
export interface DaprControlPlane {
  /** `127.0.0.1:<port>` for `--placement-host-address` (actors). */
  readonly placementAddress: string;
  /** `127.0.0.1:<port>` for `--scheduler-host-address` (jobs, actor reminders). */
  readonly schedulerAddress: string;
  /**
   * SQLite file of the shared name-resolution table: every daprd started with
   * {@link startDaprd} registers there, so service invocation works without multicast.
   */
  readonly nameResolutionDb: string;
  /** A Dapr Configuration file selecting that name resolver; the default `config` of {@link startDaprd}. */
  readonly configFile: string;
  /** The supervised placement and scheduler processes. */
  readonly processes: readonly ManagedProcess[];
  /** Stops scheduler, then placement, and deletes throw-away data. */
  stop(): Promise<void>;
}

/**
 * Starts `placement` (in-memory raft) and `scheduler` (embedded etcd in a temp dir) on free
 * loopback ports, each healthy when its /healthz answers 200.
 */
export function startDaprControlPlane(
  supervisor: Supervisor,
  options: StartDaprControlPlaneOptions = {},
): Promise<DaprControlPlane> {
  return retryOnPortClash(() => startDaprControlPlaneOnce(supervisor, options));
}

async function startDaprControlPlaneOnce(
  supervisor: Supervisor,
  options: StartDaprControlPlaneOptions,
): Promise<DaprControlPlane> {
  const install = await ensureDapr();
  const logDir = options.logDir ?? mkdtempSync(join(tmpdir(), "todo-logs-"));
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "todo-dapr-control-plane-"));
  mkdirSync(dataDir, { recursive: true });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const [placementPort, placementHealthz, placementMetrics, placementRaft] = await freePorts(4);
  const [schedulerPort, schedulerHealthz, schedulerMetrics, etcdClient, etcdPeer] =
    await freePorts(5);

  const placement = await supervisor.start(
    "placement",
    install.placement,
    [
      "--mode=standalone",
      "--id=dapr-placement-0",
      `--port=${placementPort}`,
      "--listen-address=127.0.0.1",
      `--healthz-port=${placementHealthz}`,
      "--healthz-listen-address=127.0.0.1",
      `--initial-cluster=dapr-placement-0=127.0.0.1:${placementRaft}`,
      "--inmem-store-enabled=true",
      `--metrics-port=${placementMetrics}`,
      "--metrics-listen-address=127.0.0.1",
      "--tls-enabled=false",
      "--log-as-json",
    ],
    {
      logFile: join(logDir, "placement.log"),
      health: () => answers200(`http://127.0.0.1:${placementHealthz}/healthz`),
      timeoutMs,
    },
  );
  // A failed scheduler start must not leave placement behind (the caller may retry).
  const scheduler = await supervisor
    .start(
      "scheduler",
      install.scheduler,
      [
        "--mode=standalone",
        "--id=dapr-scheduler-server-0",
        `--port=${schedulerPort}`,
        "--listen-address=127.0.0.1",
        `--override-broadcast-host-port=127.0.0.1:${schedulerPort}`,
        `--healthz-port=${schedulerHealthz}`,
        "--healthz-listen-address=127.0.0.1",
        `--metrics-port=${schedulerMetrics}`,
        "--metrics-listen-address=127.0.0.1",
        `--etcd-data-dir=${join(dataDir, "etcd")}`,
        `--etcd-client-port=${etcdClient}`,
        "--etcd-client-listen-address=127.0.0.1",
        `--etcd-initial-cluster=dapr-scheduler-server-0=http://127.0.0.1:${etcdPeer}`,
        `--identity-directory-write=${join(dataDir, "identity")}`,
        "--tls-enabled=false",
        "--log-as-json",
      ],
      {
        logFile: join(logDir, "scheduler.log"),
        health: () => answers200(`http://127.0.0.1:${schedulerHealthz}/healthz`),
        timeoutMs,
        removeOnStop: options.dataDir ? [] : [dataDir],
      },
    )
    .catch(async (err: unknown) => {
      await placement.stop();
      throw err;
    });

  const nameResolutionDb = join(dataDir, "name-resolution.db");
  const configFile = writeDaprConfiguration(join(dataDir, "config"), { nameResolutionDb });
  return {
    placementAddress: `127.0.0.1:${placementPort}`,
    schedulerAddress: `127.0.0.1:${schedulerPort}`,
    nameResolutionDb,
    configFile,
    processes: [placement, scheduler],
    stop: async () => {
      await scheduler.stop();
      await placement.stop();
    },
  };
}

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
export function startDaprd(
  supervisor: Supervisor,
  options: StartDaprdOptions,
): Promise<RunningDaprd> {
  return retryOnPortClash(() => startDaprdOnce(supervisor, options));
}

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

async function answers200(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return response.status === 200;
}
