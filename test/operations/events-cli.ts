import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runProcess } from "../../testbed/process/run-process.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What one `npm run events -- ...` run printed. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const cliArgs = (args: readonly string[]) => ["--import", "tsx", "tools/events/main.ts", ...args];
const cliEnv = (brokers: string) => ({ KAFKA_BROKERS: brokers, EVENTS_DEBUG: "" });

/** Starts `tools/events/main.ts` as a real process against `brokers` (to stop it midway). */
export function spawnEventsCli(brokers: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, cliArgs(args), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...cliEnv(brokers) },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs the CLI to its end (or `timeoutMs`, then kills it and rejects). */
export function runEventsCli(
  brokers: string,
  args: readonly string[],
  timeoutMs = 90_000,
): Promise<CliRun> {
  return runProcess(process.execPath, cliArgs(args), {
    cwd: REPO_ROOT,
    env: cliEnv(brokers),
    timeoutMs,
  });
}

export function collect(child: ChildProcess, timeoutMs: number, what: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${what} did not finish in ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
