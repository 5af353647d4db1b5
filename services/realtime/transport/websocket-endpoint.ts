import type { FastifyInstance } from "fastify";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { TokenVerifier } from "../../shared/auth.js";
import type { Logger } from "../../shared/logger.js";
import type { ConnectionHub } from "../domain/connection-hub.js";

/**
 * `GET /ws` upgraded to a WebSocket after the same JWT check as the REST API: the token comes
 * in `Authorization: Bearer` or, for browsers (which cannot set headers on WebSockets), in
 * `?access_token=`. No valid token: 401 before the upgrade.
 */
export function registerWebSocketEndpoint(
  app: FastifyInstance,
  deps: { hub: ConnectionHub; verify: TokenVerifier; logger: Logger; heartbeatSeconds: number },
): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const alive = new WeakMap<WebSocket, boolean>();

  app.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/ws") return reject(socket, 404, "Not Found");
    const token = url.searchParams.get("access_token");
    deps
      .verify(req.headers.authorization ?? (token ? `Bearer ${token}` : undefined))
      .then((principal) =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          alive.set(ws, true);
          ws.on("pong", () => alive.set(ws, true));
          ws.on("error", () => ws.terminate());
          deps.hub.add(principal.userId, ws);
          ws.send(JSON.stringify({ type: "welcome", user_id: principal.userId }));
        }),
      )
      .catch(() => reject(socket, 401, "Unauthorized"));
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

function reject(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
