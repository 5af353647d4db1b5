/**
 * Where the real test infrastructure is built and kept: outside the repository, so a
 * second bootstrap (and every clone on the same machine) reuses it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { runProcess } from "../process/run-process.js";

/** `${TODO_PLATFORM_CACHE:-${XDG_CACHE_HOME:-~/.cache}/todo-platform}` */
export function cacheRoot(): string {
  const root =
    process.env.TODO_PLATFORM_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "todo-platform");
  mkdirSync(root, { recursive: true });
  return root;
}

/** A component's own folder in the cache, e.g. `cacheDir("kafka-4.3.1")`. */
export function cacheDir(name: string): string {
  const dir = join(cacheRoot(), name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A stamp marks a component as completely built for one fingerprint (version + build
 * options); anything else means "build again". Written last, so an interrupted build reruns.
 */
export function isStamped(dir: string, fingerprint: string): boolean {
  const file = join(dir, ".complete");
  return existsSync(file) && readFileSync(file, "utf8") === fingerprint;
}

export function stamp(dir: string, fingerprint: string): void {
  writeFileSync(join(dir, ".complete"), fingerprint);
}

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
