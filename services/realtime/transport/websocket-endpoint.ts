import type { FastifyInstance } from "fastify";
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { TokenVerifier } from "../../runtime/auth.js";
import type { Logger } from "../../runtime/logger.js";
import { ProblemError } from "../../runtime/problem.js";
import type { ConnectionHub } from "../domain/connection-hub.js";

/**
 * `GET /ws` upgraded to a WebSocket after the same JWT check as the REST API: the token comes
 * in `Authorization: Bearer` or, for browsers (which cannot set headers on WebSockets), in
 * `?access_token=`. No valid token: 401 problem+json before the upgrade. The connection is
 * closed with code {@link TOKEN_EXPIRED_CLOSE_CODE} when the token it was opened with expires:
 * the client reconnects with a fresh one.
 */
/** Close code at token expiry: 4000 + HTTP 401, as graphql-ws and others use it. */
export const TOKEN_EXPIRED_CLOSE_CODE = 4401;

export function registerWebSocketEndpoint(
  app: FastifyInstance,
  deps: { hub: ConnectionHub; verify: TokenVerifier; logger: Logger; heartbeatSeconds: number },
): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const alive = new WeakMap<WebSocket, boolean>();

  app.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/ws")
      return reject(socket, new ProblemError(404, "Not Found", `No WebSocket at ${url.pathname}`));
    const token = url.searchParams.get("access_token");
    deps
      .verify(req.headers.authorization ?? (token ? `Bearer ${token}` : undefined))
      .then((principal) =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          alive.set(ws, true);
          ws.on("pong", () => alive.set(ws, true));
          ws.on("error", () => ws.terminate());
          const expiry = setTimeout(
            () => ws.close(TOKEN_EXPIRED_CLOSE_CODE, "token expired"),
            Math.max(0, principal.expiresAtMs - Date.now()),
          );
          ws.on("close", () => clearTimeout(expiry));
          deps.hub.add(principal.userId, ws);
          ws.send(JSON.stringify({ type: "welcome", user_id: principal.userId }));
        }),
      )
      .catch((err: unknown) =>
        reject(
          socket,
          err instanceof ProblemError
            ? err
            : new ProblemError(401, "Unauthorized", "Invalid token"),
        ),
      );
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) ws.terminate();
      else {
        alive.set(ws, false);
        ws.ping();
      }
    }
  }, deps.heartbeatSeconds * 1000);
  heartbeat.unref();

  app.addHook("preClose", async () => {
    clearInterval(heartbeat);
    deps.hub.closeAll();
    wss.close();
  });
}

/** Answers a refused upgrade with problem+json, like every HTTP error of the services. */
function reject(socket: Duplex, problem: ProblemError): void {
  const body = JSON.stringify(problem.toJSON());
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
      `Content-Type: application/problem+json\r\nConnection: close\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
