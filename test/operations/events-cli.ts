import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What one `npm run events -- ...` run printed. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `scripts/events/main.ts` as a real process against `brokers`. */
export function spawnEventsCli(brokers: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/events/main.ts", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, KAFKA_BROKERS: brokers, EVENTS_DEBUG: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs the CLI to its end (or `timeoutMs`, then kills it and rejects). */
export function runEventsCli(
  brokers: string,
  args: readonly string[],
  timeoutMs = 90_000,
): Promise<CliRun> {
  const child = spawnEventsCli(brokers, args);
  return collect(child, timeoutMs, `events ${args.join(" ")}`);
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
