/**
 * Tells a transient failure of an event handler (it will succeed later, unchanged: the
 * database, the sidecar or a called service is away) from one that may never succeed (a
 * poison event, a bug). The subscription redelivers transient failures without limit and
 * gives the others a bounded number of attempts before the dead-letter topic.
 */
import { DaprError } from "./dapr-client.js";

/**
 * Raised by a handler for an event that can never be handled (no version of its contract
 * reads it): it is not retried as transient and ends on the dead-letter topic.
 */
export class PoisonEventError extends Error {
  override readonly name = "PoisonEventError";
}

/** Socket-level errors: the peer is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * SQLSTATE classes and codes that say nothing about the row: connection exceptions (08),
 * insufficient resources (53), operator intervention such as a server shutting down (57),
 * system errors (58), serialization failures and deadlocks (40001, 40P01), lock timeouts.
 */
const TRANSIENT_SQLSTATE = /^(08|53|57|58)|^(40001|40P01|55P03)$/;

/** node-postgres reports a lost or unobtainable connection without a SQLSTATE. */
const PG_CONNECTION_MESSAGE =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed/i;

/** True when `err` (or an error it wraps) is a failure that a later attempt can get past. */
export function isTransientFailure(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (e instanceof DaprError) {
      // 0: sidecar unreachable or no answer in time; 5xx: it or the app it called failed.
      return e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500;
    }
    if (e.name === "AbortError" || e.name === "TimeoutError") return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || TRANSIENT_SQLSTATE.test(code)))
      return true;
    if (PG_CONNECTION_MESSAGE.test(e.message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Counts failed attempts per event id, so the subscription can give up on an event after
 * `maxAttempts`. In memory: a restarted consumer starts counting again, which keeps the
 * bound (per process) and never turns a transient outage into a dead letter.
 */
export class AttemptCounter {
  private readonly attempts = new Map<string, number>();

  constructor(
    readonly maxAttempts: number,
    private readonly capacity = 10_000,
  ) {}

  /** Records one more failed attempt; true when the event has used up its attempts. */
  failed(eventId: string): boolean {
    const count = (this.attempts.get(eventId) ?? 0) + 1;
    this.attempts.delete(eventId);
    if (count >= this.maxAttempts) return true;
    // Re-inserted last, so the oldest entries go first once the map is full.
    this.attempts.set(eventId, count);
    if (this.attempts.size > this.capacity) {
      const oldest = this.attempts.keys().next().value;
      if (oldest !== undefined) this.attempts.delete(oldest);
    }
    return false;
  }

  /** Forgets an event that succeeded or was given up on. */
  forget(eventId: string): void {
    this.attempts.delete(eventId);
  }
}
