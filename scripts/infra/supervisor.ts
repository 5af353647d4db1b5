/**
 * A small process supervisor for the real test infrastructure (and `npm run local`):
 * start a process in its own process group with its output in a log file, wait until a
 * health check passes (polling with a deadline, never a fixed sleep), and stop every
 * group again on teardown, Ctrl-C, SIGTERM or process exit, so nothing is orphaned.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

/** How to start one supervised process and how to tell that it is ready. */
export interface StartOptions {
  /** File that receives the process's stdout and stderr (appended, created with its folder). */
  readonly logFile: string;
  /** Resolves true once the process serves requests; a throw counts as "not yet". */
  readonly health: () => Promise<boolean>;
  /** Variables added to (and overriding) this process's environment. @default - none */
  readonly env?: NodeJS.ProcessEnv;
  /** Working directory. @default - the current directory */
  readonly cwd?: string;
  /** Deadline for the health check to pass. @default 60_000 */
  readonly timeoutMs?: number;
  /** Pause between two health checks. @default 250 */
  readonly pollIntervalMs?: number;
  /** Signal that asks the process to shut down (postgres wants SIGINT for a fast shutdown). @default "SIGTERM" */
  readonly stopSignal?: NodeJS.Signals;
  /** Time between the stop signal and SIGKILL. @default 10_000 */
  readonly graceMs?: number;
  /**
   * Linux: the kernel SIGKILLs the process when this Node process dies, even by SIGKILL
   * (`setpriv --pdeathsig`), the one case the exit handlers cannot cover. @default true
   */
  readonly dieWithParent?: boolean;
  /** Folders (throw-away data dirs) removed once the process has stopped. @default - none */
  readonly removeOnStop?: readonly string[];
}

/** A process the supervisor started and that passed its health check. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** True once the process (group leader) has exited. */
  readonly exited: boolean;
  /** Stop signal to the whole group, SIGKILL after the grace period; then removes its data dirs. */
  stop(): Promise<void>;
}

/** Thrown when a process exits before it is healthy or misses its health deadline. */
export class ProcessStartError extends Error {
  constructor(
    readonly processName: string,
    reason: string,
    readonly logFile: string,
  ) {
    super(`${processName} ${reason}; last lines of ${logFile}:\n${tailLog(logFile)}`);
    this.name = "ProcessStartError";
  }
}

/** The last `lines` lines of a log file, or "(no log written)". */
export function tailLog(file: string, lines = 40): string {
  if (!existsSync(file)) return "(no log written)";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/** Every live process of every supervisor in this Node process, for the exit handlers. */
const live = new Set<SupervisedProcess>();
let handlersInstalled = false;

/**
 * Kills what is still running when Node exits for any reason. 'exit' handlers must be
 * synchronous, so this is SIGKILL to each group plus a synchronous data-dir cleanup.
 */
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", () => {
    for (const proc of live) proc.killSync();
  });
  // Stay subscribed: one Ctrl-C arrives twice (the terminal's process group, then tsx relaying
  // it), and a signal without a listener would end this process before the stops finish.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals, exitCode: number) => {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void Promise.allSettled([...live].reverse().map((proc) => proc.stop())).finally(() =>
        process.exit(exitCode),
      );
    });
  };
  onSignal("SIGINT", 130);
  onSignal("SIGTERM", 143);
  onSignal("SIGHUP", 129);
}

class SupervisedProcess implements ManagedProcess {
  exited = false;
  private readonly exitPromise: Promise<void>;
  private stopping: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
    private readonly stopSignal: NodeJS.Signals,
    private readonly graceMs: number,
    private readonly removeOnStop: readonly string[],
  ) {
    this.exitPromise = new Promise((resolve) => {
      const onGone = () => {
        this.exited = true;
        resolve();
      };
      child.once("exit", onGone);
      // Signalling a process that cannot be signalled also lands here; treat as gone.
      child.once("error", onGone);
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  stop(): Promise<void> {
    this.stopping ??= this.terminate();
    return this.stopping;
  }

  private async terminate(): Promise<void> {
    if (!this.exited) {
      this.signalGroup(this.stopSignal);
      const exitedInTime = await withTimeout(
        this.exitPromise.then(() => true),
        this.graceMs,
        false,
      );
      if (!exitedInTime) {
        this.signalGroup("SIGKILL");
        await this.exitPromise;
      }
    }
    // Helpers the leader spawned (e.g. postgres background workers) go with the group.
    this.signalGroup("SIGKILL");
    this.removeDirs();
    live.delete(this);
  }

  /** Synchronous last resort for the 'exit' handler. */
  killSync(): void {
    this.signalGroup("SIGKILL");
    this.removeDirs();
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.pid <= 0) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  }

  private removeDirs(): void {
    for (const dir of this.removeOnStop) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts processes and stops them in reverse start order.
 *
 * @example
 * const supervisor = new Supervisor();
 * await supervisor.start("redis", "redis-server", ["--port", "6390"], {
 *   logFile: "/tmp/logs/redis.log",
 *   health: async () => (await ping()) === "PONG",
 * });
 * await supervisor.stopAll();
 */
export class Supervisor {
  private readonly started: SupervisedProcess[] = [];

  /** The processes started so far that are still supervised, in start order. */
  get processes(): readonly ManagedProcess[] {
    return this.started;
  }

  /**
   * Spawns `command` detached in its own process group, output to `options.logFile`, and
   * resolves once `options.health()` passes. On early exit or timeout the process group is
   * killed and a {@link ProcessStartError} carries the last 40 lines of the log.
   */
  async start(
    name: string,
    command: string,
    args: readonly string[],
    options: StartOptions,
  ): Promise<ManagedProcess> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const pollIntervalMs = options.pollIntervalMs ?? 250;
    installExitHandlers();

    mkdirSync(dirname(options.logFile), { recursive: true });
    const logFd = openSync(options.logFile, "a");
    writeSync(
      logFd,
      `--- ${new Date().toISOString()} start ${name}: ${command} ${args.join(" ")}\n`,
    );
    const env = { ...process.env, ...options.env };
    const executable = findExecutable(command, env.PATH);
    if (!executable) {
      closeSync(logFd);
      throw new ProcessStartError(
        name,
        `could not be started (spawn ${command} ENOENT)`,
        options.logFile,
      );
    }
    const [program, argv] = withParentDeathSignal(executable, args, options.dieWithParent ?? true);
    let child: ChildProcess;
    try {
      child = spawn(program, argv, {
        cwd: options.cwd,
        env,
        detached: true,
        stdio: ["ignore", logFd, logFd],
      });
    } finally {
      closeSync(logFd);
    }
    if (child.pid === undefined) {
      // Spawning failed (e.g. ENOENT); the reason arrives as an 'error' event.
      const err = await new Promise<Error>((resolve) => child.once("error", resolve));
      throw new ProcessStartError(name, `could not be started (${err.message})`, options.logFile);
    }
    const proc = new SupervisedProcess(
      name,
      child,
      options.logFile,
      options.stopSignal ?? "SIGTERM",
      options.graceMs ?? 10_000,
      options.removeOnStop ?? [],
    );
    live.add(proc);
    this.started.push(proc);

    const failure = await this.waitUntilHealthy(proc, options.health, timeoutMs, pollIntervalMs);
    if (failure) {
      await proc.stop();
      this.started.splice(this.started.indexOf(proc), 1);
      throw new ProcessStartError(name, failure, options.logFile);
    }
    return proc;
  }

  /** Stops every process this supervisor started, last started first. Idempotent. */
  async stopAll(): Promise<void> {
    for (const proc of [...this.started].reverse()) await proc.stop();
    this.started.length = 0;
  }

  /** Returns undefined when healthy, else why not. */
  private async waitUntilHealthy(
    proc: SupervisedProcess,
    health: () => Promise<boolean>,
    timeoutMs: number,
    pollIntervalMs: number,
  ): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.exited) return "exited before it became healthy";
      const remaining = deadline - Date.now();
      if (await checkOnce(health, Math.min(remaining, 10_000))) {
        // A health check can pass against a port someone else holds: the process must be alive.
        if (!proc.exited) return undefined;
      }
      await delay(pollIntervalMs);
    }
    return `was not healthy within ${timeoutMs} ms`;
  }
}

/** `command` as an existing file: a path as given, a bare name looked up on `path`. */
function findExecutable(command: string, path: string | undefined): string | undefined {
  if (command.includes("/")) return existsSync(command) ? command : undefined;
  return (path ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, command))
    .find((candidate) => existsSync(candidate));
}

let setprivPath: string | null | undefined;

/** Prefixes `setpriv --pdeathsig SIGKILL` where available (Linux util-linux); else unchanged. */
function withParentDeathSignal(
  executable: string,
  args: readonly string[],
  enabled: boolean,
): [string, string[]] {
  if (enabled && process.platform === "linux") {
    setprivPath ??=
      findExecutable("setpriv", `${process.env.PATH ?? ""}${delimiter}/usr/bin`) ?? null;
    if (setprivPath) return [setprivPath, ["--pdeathsig", "SIGKILL", "--", executable, ...args]];
  }
  return [executable, [...args]];
}

/** One health check, bounded in time; errors and hangs count as "not healthy yet". */
function checkOnce(health: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let check: Promise<boolean>;
  try {
    check = health().catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
  return withTimeout(check, timeoutMs, false);
}

/** `promise`, or `fallback` once `ms` have passed; the timer never outlives the race. */
function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), Math.max(ms, 1));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
