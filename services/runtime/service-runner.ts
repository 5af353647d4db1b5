import type { FastifyInstance } from "fastify";
import type { Logger } from "./logger.js";

export interface RunServiceOptions {
  readonly app: FastifyInstance;
  readonly logger: Logger;
  /** Where to listen, and the seconds in-flight work gets after SIGTERM before the process exits anyway. */
  readonly config: {
    readonly HOST: string;
    readonly PORT: number;
    readonly SHUTDOWN_GRACE_SECONDS: number;
  };
  /** Runs after the HTTP server stopped accepting and finished in-flight requests (close pools, stop loops). */
  readonly onShutdown?: () => Promise<void>;
}

/**
 * Listens, and on SIGTERM/SIGINT drains: readiness fails first, the server stops accepting,
 * in-flight requests finish, background work stops, then the process exits. A second signal
 * or the grace period running out forces the exit.
 */
export async function runService(options: RunServiceOptions): Promise<void> {
  const { app, logger } = options;
  const { HOST: host, PORT: port, SHUTDOWN_GRACE_SECONDS: graceSeconds } = options.config;
  await app.listen({ host, port });
  logger.info({ port }, "listening");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("grace period over: exiting with work unfinished");
      process.exit(1);
    }, graceSeconds * 1000);
    force.unref();
    app.startDraining();
    try {
      await app.close();
      await options.onShutdown?.();
      await app.telemetry.shutdown();
      logger.info("stopped");
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "shutdown failed");
      process.exit(1);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
