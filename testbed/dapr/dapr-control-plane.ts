/**
 * The Dapr control plane of one machine: `placement` (actors) and `scheduler` (jobs, actor
 * reminders) in standalone mode without mTLS, on free loopback ports, plus the Configuration
 * every local daprd loads (SQLite name resolution shared by the run).
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDapr } from "./dapr-build.js";
import { writeDaprConfiguration } from "./dapr-components.js";
import { freePorts, onFreePorts } from "../process/ports.js";
import type { ManagedProcess, Supervisor } from "../process/supervisor.js";

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
export const startDaprControlPlane = onFreePorts(startDaprControlPlaneOnce);

async function startDaprControlPlaneOnce(
  supervisor: Supervisor,
  options: StartDaprControlPlaneOptions = {},
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

async function answers200(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return response.status === 200;
}
