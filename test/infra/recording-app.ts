/**
 * A minimal HTTP "app" for a daprd under test: answers every request (200, or a canned
 * JSON body per path) and records it, so tests can wait for what daprd delivers (cron
 * binding ticks, job triggers, invocations, webhooks) with a deadline instead of a sleep.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the app received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export class RecordingApp {
  readonly requests: RecordedRequest[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Starts on a free 127.0.0.1 port; `responses` maps a path to the JSON it answers with. */
  static async start(responses: Readonly<Record<string, unknown>> = {}): Promise<RecordingApp> {
    let app: RecordingApp | undefined = undefined; // set once listening; requests arrive only after
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const path = new URL(req.url ?? "/", "http://app").pathname;
        app?.record({
          method: req.method ?? "GET",
          path,
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        if (path in responses) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(responses[path]));
        } else {
          res.writeHead(200).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    app = new RecordingApp(server, (server.address() as AddressInfo).port);
    return app;
  }

  /**
   * Resolves with the first recorded request matching `predicate` (also one that arrived
   * earlier); rejects after `timeoutMs` listing what did arrive.
   */
  waitFor(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs = 20_000,
  ): Promise<RecordedRequest> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.requests.find(predicate);
        if (!match) return false;
        cleanup();
        resolve(match);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.requests.map((r) => `${r.method} ${r.path}`).join(", ") || "nothing";
        reject(new Error(`no matching request within ${timeoutMs} ms; received: ${seen}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = () => void check();
      if (!check()) this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(request: RecordedRequest): void {
    this.requests.push(request);
    for (const waiter of [...this.waiters]) waiter();
  }
}
