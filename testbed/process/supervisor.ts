/**
 * A small process supervisor for the real test infrastructure (and `npm run local`):
 * start a process in its own process group with its output in a log file, wait until a
 * health check passes (polling with a deadline, never a fixed sleep), restart it with backoff
 * when it dies (if asked to), and stop every group again on teardown, Ctrl-C, SIGTERM or
 * process exit — dependents before what they depend on — so nothing is orphaned.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
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
  /**
   * When the process dies on its own after it was healthy, start it again with the same
   * command, arguments and environment (same ports, same data dirs), after a backoff that
   * doubles from 250 ms to 10 s while restarts keep failing.
   * @default - the supervisor's `restartOnExit` (false)
   */
  readonly restartOnExit?: boolean;
  /**
   * Runs before the stop signal while the process still runs (e.g. containerd kills its
   * containers); a failure is ignored: the stop goes on. @default - none
   */
  readonly beforeStop?: () => Promise<void>;
  /** Runs once the process has exited, before its data dirs are removed. @default - none */
  readonly afterStop?: () => Promise<void>;
  /** Processes this one needs: on a signal it is stopped before them. @default - none */
  readonly dependsOn?: readonly ManagedProcess[];
}

/** A process the supervisor started and that passed its health check. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** True while no instance runs: it exited (and is not restarted yet) or was stopped. */
  readonly exited: boolean;
  /** How often it was started again after dying. */
  readonly restarts: number;
  /** True while the current instance runs and has passed its health check. */
  readonly up: boolean;
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
      void stopInDependencyOrder([...live]).finally(() => process.exit(exitCode));
    });
  };
  onSignal("SIGINT", 130);
  onSignal("SIGTERM", 143);
  onSignal("SIGHUP", 129);
}

/**
 * Stops every process once all processes that depend on it have stopped; unrelated ones stop
 * at the same time. A service drains while its sidecar and database are still there.
 */
export async function stopInDependencyOrder(processes: readonly ManagedProcess[]): Promise<void> {
  const stopped = new Map<ManagedProcess, Promise<void>>();
  const stop = (proc: ManagedProcess): Promise<void> => {
    let done = stopped.get(proc);
    if (!done) {
      const dependents = processes.filter(
        (other) => other instanceof SupervisedProcess && other.dependsOn.includes(proc),
      );
      done = Promise.allSettled(dependents.map(stop)).then(() => proc.stop());
      stopped.set(proc, done);
    }
    return done;
  };
  await Promise.allSettled(processes.map(stop));
}

/** Everything needed to start one more instance of a supervised process. */
interface LaunchSpec {
  readonly program: string;
  readonly argv: readonly string[];
  readonly description: string;
  readonly env: NodeJS.ProcessEnv;
  readonly options: StartOptions;
}

const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;
/** A run this long counts as a recovery: the next death restarts after the first backoff again. */
const STABLE_RUN_MS = 30_000;

class SupervisedProcess implements ManagedProcess {
  exited = false;
  restarts = 0;
  up = false;
  /** Set once the first instance passed its health check: only then do deaths restart it. */
  healthy = false;
  readonly dependsOn: readonly ManagedProcess[];
  private child!: ChildProcess;
  private exitPromise!: Promise<void>;
  private startedAt = 0;
  private failedRestarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly spec: LaunchSpec,
    private readonly restartOnExit: boolean,
    private readonly log: (line: string) => void,
  ) {
    this.dependsOn = spec.options.dependsOn ?? [];
  }

  get logFile(): string {
    return this.spec.options.logFile;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  /** Spawns one instance; the reason when it cannot be spawned at all. */
  async launch(): Promise<string | undefined> {
    const { options } = this.spec;
    const logFd = openSync(options.logFile, "a");
    writeSync(
      logFd,
      `--- ${new Date().toISOString()} ${this.restarts > 0 ? `restart #${this.restarts}` : "start"} ${this.name}: ${this.spec.description}\n`,
    );
    let child: ChildProcess;
    try {
      child = spawn(this.spec.program, [...this.spec.argv], {
        cwd: options.cwd,
        env: this.spec.env,
        detached: true,
        stdio: ["ignore", logFd, logFd],
      });
    } finally {
      closeSync(logFd);
    }
    this.child = child;
    this.exited = false;
    this.startedAt = Date.now();
    this.exitPromise = new Promise((resolve) => {
      const onGone = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.child !== child || this.exited) return;
        this.exited = true;
        this.up = false;
        resolve();
        this.onExit(code, signal);
      };
      child.once("exit", onGone);
      // Signalling a process that cannot be signalled also lands here; treat as gone.
      child.once("error", () => onGone(null, null));
    });
    if (child.pid === undefined) {
      // Spawning failed (e.g. ENOENT); the reason arrives as an 'error' event.
      const err = await new Promise<Error>((resolve) => child.once("error", resolve));
      return `could not be started (${err.message})`;
    }
    return undefined;
  }

  /** Returns undefined when healthy, else why not. */
  async waitUntilHealthy(): Promise<string | undefined> {
    const { health } = this.spec.options;
    const timeoutMs = this.spec.options.timeoutMs ?? 60_000;
    const pollIntervalMs = this.spec.options.pollIntervalMs ?? 250;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) return "exited before it became healthy";
      const remaining = deadline - Date.now();
      if (await checkOnce(health, Math.min(remaining, 10_000))) {
        // A health check can pass against a port someone else holds: the process must be alive.
        if (!this.exited) return undefined;
      }
      await delay(pollIntervalMs);
    }
    return `was not healthy within ${timeoutMs} ms`;
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || !this.healthy) return;
    // Helpers the dead leader spawned (e.g. postgres backends) must not hold its ports or data.
    this.signalGroup("SIGKILL");
    const how = signal ? `killed by ${signal}` : `exited with code ${String(code)}`;
    if (!this.restartOnExit) {
      this.log(`${this.name} (pid ${this.pid}) ${how}; not restarted (log: ${this.logFile})`);
      return;
    }
    if (Date.now() - this.startedAt >= STABLE_RUN_MS) this.failedRestarts = 0;
    const backoffMs = Math.min(FIRST_BACKOFF_MS * 2 ** this.failedRestarts, MAX_BACKOFF_MS);
    this.failedRestarts++;
    this.log(`${this.name} (pid ${this.pid}) ${how}; restarting in ${backoffMs} ms`);
    this.restartTimer = setTimeout(() => void this.restart(), backoffMs);
  }

  private async restart(): Promise<void> {
    this.restartTimer = undefined;
    if (this.stopping) return;
    this.restarts++;
    const spawnFailure = await this.launch();
    const failure = spawnFailure ?? (await this.waitUntilHealthy());
    if (this.stopping) return;
    if (failure === undefined) {
      this.up = true;
      this.log(`${this.name} restarted (pid ${this.pid}, restart #${this.restarts})`);
      return;
    }
    this.log(`${this.name} restart #${this.restarts} ${failure}`);
    // Its exit (already seen, or caused here) schedules the next attempt with a longer backoff.
    if (!this.exited) this.signalGroup("SIGKILL");
  }

  stop(): Promise<void> {
    this.stopping ??= this.terminate();
    return this.stopping;
  }

  private async terminate(): Promise<void> {
    clearTimeout(this.restartTimer);
    const graceMs = this.spec.options.graceMs ?? 10_000;
    if (this.child && !this.exited) {
      await this.spec.options.beforeStop?.().catch(() => undefined);
      this.signalGroup(this.spec.options.stopSignal ?? "SIGTERM");
      const exitedInTime = await withTimeout(
        this.exitPromise.then(() => true),
        graceMs,
        false,
      );
      if (!exitedInTime) {
        this.signalGroup("SIGKILL");
        await this.exitPromise;
      }
    }
    // Helpers the leader spawned (e.g. postgres background workers) go with the group.
    this.signalGroup("SIGKILL");
    this.exited = true;
    this.up = false;
    await this.spec.options.afterStop?.();
    this.removeDirs();
    live.delete(this);
  }

  /** Synchronous last resort for the 'exit' handler. */
  killSync(): void {
    clearTimeout(this.restartTimer);
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
    for (const dir of this.spec.options.removeOnStop ?? [])
      rmSync(dir, { recursive: true, force: true });
  }
}

/** Options for a {@link Supervisor}. */
export interface SupervisorOptions {
  /** Restart processes that die after they were healthy (see {@link StartOptions.restartOnExit}). @default false */
  readonly restartOnExit?: boolean;
  /** Where deaths and restarts are reported. @default - a line on stderr */
  readonly log?: (line: string) => void;
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
  private readonly restartOnExit: boolean;
  private readonly log: (line: string) => void;

  constructor(options: SupervisorOptions = {}) {
    this.restartOnExit = options.restartOnExit ?? false;
    this.log = options.log ?? ((line) => process.stderr.write(`[supervisor] ${line}\n`));
  }

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
    installExitHandlers();
    mkdirSync(dirname(options.logFile), { recursive: true });
    const env = { ...process.env, ...options.env };
    const executable = findExecutable(command, env.PATH);
    if (!executable) {
      writeFileSync(
        options.logFile,
        `--- ${new Date().toISOString()} start ${name}: ${command} ${args.join(" ")}\n`,
        { flag: "a" },
      );
      throw new ProcessStartError(
        name,
        `could not be started (spawn ${command} ENOENT)`,
        options.logFile,
      );
    }
    const [program, argv] = withParentDeathSignal(executable, args, options.dieWithParent ?? true);
    const proc = new SupervisedProcess(
      name,
      { program, argv, description: `${command} ${args.join(" ")}`, env, options },
      options.restartOnExit ?? this.restartOnExit,
      this.log,
    );
    const spawnFailure = await proc.launch();
    if (spawnFailure) throw new ProcessStartError(name, spawnFailure, options.logFile);
    live.add(proc);
    this.started.push(proc);

    const failure = await proc.waitUntilHealthy();
    if (failure) {
      await proc.stop();
      this.started.splice(this.started.indexOf(proc), 1);
      throw new ProcessStartError(name, failure, options.logFile);
    }
    proc.healthy = true;
    proc.up = true;
    return proc;
  }

  /** Stops every process this supervisor started, last started first. Idempotent. */
  async stopAll(): Promise<void> {
    for (const proc of [...this.started].reverse()) await proc.stop();
    this.started.length = 0;
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
