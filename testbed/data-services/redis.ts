/**
 * Redis for tests and `npm run local`: the Debian `redis-server`, one instance per start on
 * a free loopback port, with persistence off (or an append-only file in a kept folder).
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { createClient } from "redis";
import { BootstrapError, progress, runStep } from "../bootstrap/build-step.js";
import { freePort, onFreePorts } from "../process/ports.js";
import type { Supervisor } from "../process/supervisor.js";
import { oncePerProcess } from "../bootstrap/once.js";
import {
  logFileOf,
  type RunningDataService,
  type StartDataServiceOptions,
} from "./data-service.js";

const COMPONENT = "redis";
const INSTALL_HINT = "apt-get update && apt-get install -y redis-server";

/** The Redis server found on this machine. */
export interface RedisInstall {
  /** e.g. "7.0.15" */
  readonly version: string;
  readonly redisServer: string;
}

/** Finds `redis-server` on PATH (or `TODO_REDIS_SERVER`). Nothing is built. */
export const ensureRedis: () => Promise<RedisInstall> = oncePerProcess(findRedis);

async function findRedis(): Promise<RedisInstall> {
  const redisServer = process.env.TODO_REDIS_SERVER ?? onPath("redis-server");
  if (!redisServer || !existsSync(redisServer)) {
    throw new BootstrapError(
      COMPONENT,
      `'redis-server' is not installed; install it with: ${INSTALL_HINT}`,
    );
  }
  const output = await runStep(COMPONENT, redisServer, ["--version"]);
  const version = /v=(\S+)/.exec(output)?.[1] ?? "unknown";
  progress(COMPONENT, `${version} (${redisServer})`);
  return { version, redisServer };
}

/** Options for {@link startRedis} (timeout 30 s for PING by default; kept data is an append-only file, fsync every second). */
export type StartRedisOptions = StartDataServiceOptions;

/** A running throw-away Redis. */
export interface RunningRedis extends RunningDataService {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
}

/** Starts `redis-server` on a free 127.0.0.1 port, no RDB snapshots, AOF only for kept data. Healthy on PONG. */
export const startRedis = onFreePorts(startRedisOnce);

async function startRedisOnce(
  supervisor: Supervisor,
  options: StartRedisOptions = {},
): Promise<RunningRedis> {
  const install = await ensureRedis();
  const { name, logFile } = logFileOf(options, "redis");
  const workDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "todo-redis-"));
  mkdirSync(workDir, { recursive: true });
  const kept = options.dataDir !== undefined;
  const port = await freePort();
  const host = "127.0.0.1";
  const url = `redis://${host}:${port}`;
  const args = [
    "--bind",
    host,
    "--port",
    String(port),
    "--dir",
    workDir,
    "--save",
    "",
    "--appendonly",
    kept ? "yes" : "no",
    "--appendfsync",
    "everysec",
    "--daemonize",
    "no",
    // Dapr's Redis state store (actors) and the services share one instance.
    "--maxclients",
    "1000",
  ];
  const proc = await supervisor.start(name, install.redisServer, args, {
    logFile,
    health: () => answersPing(url),
    timeoutMs: options.timeoutMs ?? 30_000,
    pollIntervalMs: 100,
    removeOnStop: kept ? [] : [workDir],
  });
  return { host, port, url, logFile, process: proc, stop: () => proc.stop() };
}

/** True when the Redis at `url` answers PING. */
export async function answersPing(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } finally {
    if (client.isOpen) client.destroy();
  }
}

function onPath(binary: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/bin", "/usr/sbin"];
  return dirs.map((dir) => join(dir, binary)).find((candidate) => existsSync(candidate));
}
