/**
 * How a bootstrap step reports: one progress line per component, errors that name the
 * component, and commands whose output is shown only when they fail.
 */
import { runProcess } from "../process/run-process.js";

/** One progress line per component, on stderr so scripts can still pipe stdout. */
export function progress(component: string, message: string): void {
  process.stderr.write(`[bootstrap] ${component.padEnd(10)} ${message}\n`);
}

export class BootstrapError extends Error {
  constructor(component: string, message: string) {
    super(`${component}: ${message}`);
    this.name = "BootstrapError";
  }
}

/**
 * Runs a build step, streaming nothing unless it fails; on failure the error carries the
 * command and the tail of its output so the cause is visible without re-running.
 */
export async function runStep(
  component: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const result = await runProcess(command, args, options).catch((err: NodeJS.ErrnoException) => {
    throw new BootstrapError(
      component,
      err.code === "ENOENT"
        ? `'${command}' is not installed or not on PATH (needed to bootstrap ${component})`
        : err.message,
    );
  });
  if (result.code === 0) return result.output;
  throw new BootstrapError(
    component,
    `'${command} ${args.join(" ")}' exited with ${result.code}:\n${result.output.split("\n").slice(-30).join("\n")}`,
  );
}
