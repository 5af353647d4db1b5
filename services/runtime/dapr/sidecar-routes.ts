import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { ProblemError } from "../problem.js";

/** The header daprd puts on every call to its app when `APP_API_TOKEN` is set. */
export const APP_API_TOKEN_HEADER = "dapr-api-token";

/**
 * Registers routes that only the service's own Dapr sidecar may call (subscriptions, bindings,
 * job callbacks, actor methods, service invocation): every request in the scope must carry the
 * app API token in `dapr-api-token`, compared in constant time. Anyone else, including a client
 * that sets `dapr-caller-app-id` itself, gets 401 before a handler runs.
 */
export function registerSidecarRoutes(
  app: FastifyInstance,
  appApiToken: string,
  register: (scope: FastifyInstance) => void,
): void {
  const expected = digest(appApiToken);
  void app.register(async (scope) => {
    scope.addHook("onRequest", async (req) => {
      const given = req.headers[APP_API_TOKEN_HEADER];
      // Digests have equal length, so timingSafeEqual neither throws nor leaks the token length.
      if (typeof given !== "string" || !timingSafeEqual(digest(given), expected))
        throw new ProblemError(
          401,
          "Unauthorized",
          "Only this service's Dapr sidecar may call this route",
          [
            {
              field: `header.${APP_API_TOKEN_HEADER}`,
              message: "missing or not the app API token",
            },
          ],
        );
    });
    register(scope);
  });
}

const digest = (value: string) => createHash("sha256").update(value).digest();
