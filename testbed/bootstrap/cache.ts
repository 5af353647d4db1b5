/**
 * Where the real test infrastructure is built and kept: outside the repository, so a
 * second bootstrap (and every clone on the same machine) reuses it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

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
