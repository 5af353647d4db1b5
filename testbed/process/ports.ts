/**
 * Free loopback ports for the processes the supervisor starts, so parallel runs (and a
 * developer's own Kafka/Postgres/Redis) never collide on fixed ports.
 */
import { createServer } from "node:net";

/** Ports handed out by this process; never hand the same one out twice before it is bound. */
const handedOut = new Set<number>();

/**
 * Asks the kernel for a free port on 127.0.0.1 (listen on port 0, read it, close).
 *
 * There is a short window between closing and the caller binding the port; the set of
 * ports already handed out keeps one process from racing itself.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.once("error", reject);
      server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
        const address = server.address();
        const chosen = typeof address === "object" && address ? address.port : 0;
        server.close(() => resolve(chosen));
      });
    });
    if (port > 0 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("could not find a free loopback port after 20 attempts");
}

/** `count` distinct free loopback ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  return ports;
}

/**
 * Runs `start` again (with fresh ports, as `start` picks them) when it failed because a port
 * was taken between picking and binding — another process on the machine won the race.
 */
export async function retryOnPortClash<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= attempts || !/address already in use/i.test((err as Error).message)) throw err;
    }
  }
}

/** A component's start (which picks its own free ports), run again by {@link retryOnPortClash}. */
export function onFreePorts<A extends unknown[], R>(
  start: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return (...args) => retryOnPortClash(() => start(...args));
}
