/**
 * How a Dapr sidecar probes its app. While the probes fail, daprd pauses the app's pub/sub
 * subscriptions, input bindings, job triggers and hosted actors, and resumes them once the
 * app answers again.
 *
 * Beware with Kafka (Dapr 1.18.3, components-contrib 1.18): pausing waits up to 30 s for the
 * deliveries in flight, and when the app is back within that time the resumed subscription
 * races the paused one's unsubscribe, which can remove the topic for good: the consumer then
 * never sees another event (components-contrib#4349; the fault suite lost reminders this way).
 * The Todo services therefore do without it and rely on unbounded, rate-bounded redelivery.
 */
export interface DaprAppHealthCheck {
  /** HTTP path daprd probes. @default "/readyz" - what the service needs to do its job */
  readonly path?: string;
  /** Seconds between probes. @default 2 */
  readonly probeIntervalSeconds?: number;
  /** Milliseconds a probe may take. @default 1000 */
  readonly probeTimeoutMs?: number;
  /** Consecutive failed probes before the app counts as unhealthy. @default 2 */
  readonly threshold?: number;
}

type ResolvedCheck = Required<DaprAppHealthCheck>;

function resolve(check: DaprAppHealthCheck): ResolvedCheck {
  const resolved = {
    path: check.path ?? "/readyz",
    probeIntervalSeconds: check.probeIntervalSeconds ?? 2,
    probeTimeoutMs: check.probeTimeoutMs ?? 1000,
    threshold: check.threshold ?? 2,
  };
  if (!resolved.path.startsWith("/"))
    throw new Error(`Dapr app health check: path '${resolved.path}' must start with '/'`);
  for (const key of ["probeIntervalSeconds", "probeTimeoutMs", "threshold"] as const)
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      throw new Error(
        `Dapr app health check: ${key} (${resolved[key]}) must be a positive integer`,
      );
  if (resolved.probeTimeoutMs >= resolved.probeIntervalSeconds * 1000)
    throw new Error(
      `Dapr app health check: probeTimeoutMs (${resolved.probeTimeoutMs}) must be shorter than probeIntervalSeconds (${resolved.probeIntervalSeconds} s)`,
    );
  return resolved;
}

/** The sidecar-injector annotations of `check` (Kubernetes). */
export function daprAppHealthCheckAnnotations(
  check: DaprAppHealthCheck = {},
): Record<string, string> {
  const c = resolve(check);
  return {
    "dapr.io/enable-app-health-check": "true",
    "dapr.io/app-health-check-path": c.path,
    "dapr.io/app-health-probe-interval": String(c.probeIntervalSeconds),
    "dapr.io/app-health-probe-timeout": String(c.probeTimeoutMs),
    "dapr.io/app-health-threshold": String(c.threshold),
  };
}

/** The same settings as `daprd` command-line flags (one machine, `npm run local`). */
export function daprAppHealthCheckFlags(check: DaprAppHealthCheck = {}): string[] {
  const c = resolve(check);
  return [
    "--enable-app-health-check",
    `--app-health-check-path=${c.path}`,
    `--app-health-probe-interval=${c.probeIntervalSeconds}`,
    `--app-health-probe-timeout=${c.probeTimeoutMs}`,
    `--app-health-threshold=${c.threshold}`,
  ];
}
