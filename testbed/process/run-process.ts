/**
 * Runs a command to its end and collects what it printed: the one way the scripts and tests
 * run a tool (terraform, checkov, schemathesis, go, cdktf) whose output they read.
 */
import { spawn } from "node:child_process";

/** What a finished process printed. */
export interface ProcessResult {
  /** Exit code; 1 when a signal ended it. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  readonly output: string;
}

export interface RunProcessOptions {
  /** @default - this process's working directory */
  readonly cwd?: string;
  /** Added to this process's environment. @default - none */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill it (SIGKILL) and reject after this long. @default - no limit */
  readonly timeoutMs?: number;
}

/**
 * Runs `command` with stdin closed; resolves with its exit code and output whatever the code,
 * rejects when it cannot start (e.g. ENOENT: not installed) or outlives `timeoutMs`.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (d: Buffer) => ((stdout += d.toString()), (output += d.toString())));
    child.stderr.on("data", (d: Buffer) => ((stderr += d.toString()), (output += d.toString())));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill("SIGKILL");
            reject(
              new Error(
                `'${command} ${args.join(" ")}' did not finish in ${options.timeoutMs} ms:\n${output.slice(-3000)}`,
              ),
            );
          }, options.timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr, output });
    });
  });
}
