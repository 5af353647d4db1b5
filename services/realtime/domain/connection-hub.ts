import { Gauge, type Registry } from "prom-client";
import type { WebSocket } from "ws";

/**
 * The open WebSocket connections of this replica, by user. A message for a user goes to that
 * user's connections only; there is no way to address another user's.
 */
export class ConnectionHub {
  private readonly byUser = new Map<string, Set<WebSocket>>();
  private readonly gauge: Gauge;

  constructor(registry: Registry) {
    this.gauge = new Gauge({
      name: "realtime_connections",
      help: "Open WebSocket connections",
      registers: [registry],
    });
  }

  add(userId: string, socket: WebSocket): void {
    const sockets = this.byUser.get(userId) ?? new Set<WebSocket>();
    sockets.add(socket);
    this.byUser.set(userId, sockets);
    this.gauge.inc();
    socket.once("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0) this.byUser.delete(userId);
      this.gauge.dec();
    });
  }

  /** Sends `message` to every open connection of `userId`; returns how many got it. */
  send(userId: string, message: unknown): number {
    const sockets = this.byUser.get(userId);
    if (!sockets) return 0;
    const text = JSON.stringify(message);
    let sent = 0;
    for (const socket of sockets) {
      if (socket.readyState === socket.OPEN) {
        socket.send(text);
        sent++;
      }
    }
    return sent;
  }

  /** Closes every connection with 1001 (going away) so clients reconnect to another replica. */
  closeAll(): void {
    for (const sockets of this.byUser.values())
      for (const s of sockets) s.close(1001, "server shutting down");
  }
}
