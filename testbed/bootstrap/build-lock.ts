/**
 * A cross-process lock around a cache build, so `npm run infra:bootstrap` and a test run
 * started at the same time do not both rebuild (and delete) the same cache folder.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { BootstrapError, progress } from "./build-step.js";

/**
 * Runs `build` while holding `<dir>/.lock` (an atomic mkdir holding the owner's pid). A lock
 * whose owner process is gone is taken over; a live owner is waited for up to `timeoutMs`.
 */
export async function withBuildLock<T>(
  component: string,
  dir: string,
  build: () => Promise<T>,
  timeoutMs = 60 * 60_000,
): Promise<T> {
  const lock = join(dir, ".lock");
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = lockOwner(lock);
      if (owner === undefined ? isOlderThan(lock, 10_000) : !isAlive(owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new BootstrapError(component, `another process (pid ${owner}) still holds ${lock}`);
      }
      if (!announced) {
        progress(component, `waiting for another build (pid ${owner ?? "?"}) to finish ...`);
        announced = true;
      }
      await delay(1_000);
    }
  }
  try {
    return await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockOwner(lock: string): number | undefined {
  try {
    return Number(readFileSync(join(lock, "pid"), "utf8"));
  } catch {
    // Just created by its owner, pid not written yet.
    return undefined;
  }
}

function isOlderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return true;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
