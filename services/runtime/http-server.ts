import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
} from "fastify";
import type { Logger } from "./logger.js";
import type { ServiceMetrics } from "./metrics.js";
import { ProblemError } from "./problem.js";
import { Telemetry, type ServerSpan } from "./telemetry.js";
import { enterTrace, extractTrace, traceFields } from "./trace-context.js";

/** A named readiness check; it throws (or returns false) when the dependency is unusable. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<boolean | void>;
  /**
   * Whether the service cannot do its job without it. A failing check that is not required
   * is reported (status "degraded") but keeps the service ready. @default true
   */
  readonly required?: boolean;
}

/** What a check needs to know: required or only reported. */
type CheckOptions = { readonly required?: boolean };

/** The service's database answers a query. */
export const postgresReady = (
  pool: { query(sql: string): Promise<unknown> },
  options: CheckOptions = {},
): ReadinessCheck => ({
  name: "postgres",
  check: async () => void (await pool.query("SELECT 1")),
  ...options,
});

/** The Dapr sidecar's components are up. */
export const sidecarReady = (
  dapr: { isHealthy(): Promise<boolean> },
  options: CheckOptions = {},
): ReadinessCheck => ({
  name: "dapr",
  check: () => dapr.isHealthy(),
  ...options,
});

/** The latest publish through the sidecar reached the broker (see PublishHealth). */
export const brokerReady = (
  dapr: { publishing: { failure: string | undefined } },
  options: CheckOptions = {},
): ReadinessCheck => ({
  name: "broker",
  check: async () => {
    const failure = dapr.publishing.failure;
    if (failure) throw new Error(failure);
  },
  ...options,
});

export interface HttpServerOptions {
  readonly service: string;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly readiness: readonly ReadinessCheck[];
  /** @default - OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set */
  readonly telemetry?: Telemetry;
}

const PROBLEM_JSON = "application/problem+json";
/** A readiness check that hangs (a database that accepts but never answers) fails after this. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * A fastify server with what every service shares: W3C trace context per request,
 * problem+json for every error (4xx for anything the client sent wrong, never a 5xx),
 * `/healthz` (process alive), `/readyz` (dependencies and sidecar usable) and `/metrics`.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const { logger, metrics } = options;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Through LogController: the top-level option prints a non-JSON deprecation warning.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    // Room for any id the API accepts (a user id is up to 255 characters); longer is a 414.
    routerOptions: { maxParamLength: 256 },
    clientErrorHandler: problemOnClientError,
    // A path that is not valid percent-encoding, or a segment over maxParamLength, is refused
    // by the router before any route runs: problem+json like every other error, without
    // echoing the URL back.
    frameworkErrors: (err: FastifyError, _req: unknown, reply: FastifyReply) => {
      const status = err.statusCode ?? 400;
      const message =
        err.code === "FST_ERR_MAX_PARAM_LENGTH"
          ? "a path segment is longer than 256 characters"
          : "not a valid URL path (bad percent-encoding)";
      void reply
        .status(status)
        .type(PROBLEM_JSON)
        .send(
          new ProblemError(
            status,
            STATUS_CODES[status] ?? "Bad Request",
            `Invalid path: ${message}`,
            [{ field: "path", message }],
          ).toJSON(),
        );
    },
  });
  let draining = false;
  app.decorate("startDraining", () => {
    draining = true;
  });
  // While draining, every response closes its connection: a keep-alive client (the sidecar)
  // whose request was in flight at SIGTERM would otherwise hold the server open for Node's
  // keep-alive timeout, past a short grace period.
  app.addHook("onSend", async (_req, reply) => {
    if (draining) reply.header("connection", "close");
  });

  // JSON and CloudEvents bodies; an empty body (Dapr's cron binding and job triggers may send
  // one) parses as undefined instead of failing with 400.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    ["application/json", "application/cloudevents+json", "application/cloudevents-batch+json"],
    { parseAs: "string" },
    (_req, body, done) => {
      const text = (body as string).trim();
      if (text === "") return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (err) {
        (err as FastifyError).statusCode = 400;
        done(err as Error, undefined);
      }
    },
  );

  const telemetry = options.telemetry ?? new Telemetry(options.service);
  const spans = new WeakMap<object, ServerSpan>();
  app.decorate("telemetry", telemetry);
  app.addHook("onRequest", async (req, reply) => {
    const path = req.url.split("?")[0]!;
    if (path === "/healthz" || path === "/readyz" || path === "/metrics") return;
    const span = telemetry.startServerSpan(
      `${req.method} ${req.routeOptions.url ?? "unmatched"}`,
      extractTrace(req.headers),
      { "http.request.method": req.method, "url.path": path },
    );
    spans.set(req, span);
    enterTrace(span.context);
    reply.header("traceparent", traceFields(span.context).traceparent);
  });

  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe({ method: req.method, route, status: reply.statusCode }, seconds);
    spans.get(req)?.end(reply.statusCode, { "http.route": route });
    if (route !== "/healthz" && route !== "/readyz" && route !== "/metrics") {
      logger.info(
        { method: req.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        "request",
      );
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const problem = toProblem(err);
    if (problem.status >= 500) logger.error({ err }, "request failed");
    reply.status(problem.status).type(PROBLEM_JSON).send(problem.toJSON(req.url));
  });

  app.setNotFoundHandler((req, reply) => {
    reply
      .status(404)
      .type(PROBLEM_JSON)
      .send(
        new ProblemError(
          404,
          "Not Found",
          `No route ${req.method} ${req.url.split("?")[0]}`,
        ).toJSON(),
      );
  });

  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_req, reply) => {
    const results: Record<string, string> = {};
    let ready = !draining;
    let degraded = false;
    if (draining) results.shutdown = "draining";
    await Promise.all(
      options.readiness.map(async ({ name, check, required = true }) => {
        let failure: string | undefined;
        try {
          const answer = await Promise.race([
            check(),
            new Promise<"timeout">((resolve) =>
              setTimeout(() => resolve("timeout"), CHECK_TIMEOUT_MS).unref(),
            ),
          ]);
          if (answer === "timeout") failure = `no answer within ${CHECK_TIMEOUT_MS} ms`;
          else if (answer === false) failure = "not ready";
        } catch (err) {
          failure = (err as Error).message;
        }
        results[name] = failure ?? "ok";
        if (failure && required) ready = false;
        if (failure && !required) degraded = true;
      }),
    );
    reply.status(ready ? 200 : 503).send({
      status: !ready ? "not ready" : degraded ? "degraded" : "ready",
      checks: results,
    });
  });

  app.get("/metrics", async (_req, reply) => {
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  return app;
}

function toProblem(err: FastifyError): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err.validation) return new ProblemError(400, "Invalid request", err.message);
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Malformed JSON, wrong content type, body too large: the client's fault, said plainly.
    return new ProblemError(status, STATUS_CODES[status] ?? "Bad Request", err.message, [
      { field: "body", message: err.message },
    ]);
  }
  return new ProblemError(
    500,
    "Internal Server Error",
    "The request could not be completed; see the service log.",
  );
}

declare module "fastify" {
  interface FastifyInstance {
    /** Fails `/readyz` from now on so the load balancer stops sending traffic. */
    startDraining(): void;
    /** The service's tracing; flushed on shutdown. */
    telemetry: Telemetry;
  }
}

/**
 * Malformed HTTP (e.g. raw non-ASCII bytes in the URL) fails in Node's parser before any
 * route or error handler runs; answer it with problem+json too, like fastify's default otherwise.
 */
function problemOnClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const status =
    err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const title = STATUS_CODES[status]!;
  const body = JSON.stringify({
    type: "about:blank",
    title,
    status,
    detail: status === 400 ? "Malformed HTTP request" : title,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_JSON}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
