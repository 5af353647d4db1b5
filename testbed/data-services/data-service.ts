/** What Kafka, Postgres and Redis have in common as the testbed starts them. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ManagedProcess } from "../process/supervisor.js";

/** Options every data service starts with. */
export interface StartDataServiceOptions {
  /** Where `<name>.log` goes. @default - a new temporary folder */
  readonly logDir?: string;
  /** Supervisor name, also the log file's base name. @default - the service's name */
  readonly name?: string;
  /** Deadline for its health check to pass. @default - the service's own (see its start function) */
  readonly timeoutMs?: number;
  /**
   * Keep the data in this folder across starts, with crash-safe settings; created on first use.
   * @default - a throw-away folder, deleted on stop
   */
  readonly dataDir?: string;
}

/** A data service running under the supervisor. */
export interface RunningDataService {
  readonly logFile: string;
  /** The supervised server process (restarted on the same data and port when it dies). */
  readonly process: ManagedProcess;
  /** Stops the server and deletes throw-away data. */
  stop(): Promise<void>;
}

/** The supervisor name and log file of a data service. */
export function logFileOf(
  options: StartDataServiceOptions,
  service: string,
): { name: string; logFile: string } {
  const name = options.name ?? service;
  const logDir = options.logDir ?? mkdtempSync(join(tmpdir(), "todo-logs-"));
  return { name, logFile: join(logDir, `${name}.log`) };
}
