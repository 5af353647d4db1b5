/**
 * The one description of a Todo service. The IaC (stacks/todo), the environment schema, the
 * local run (scripts/local), the image build and the service's own config and start-up read it;
 * everything else they need about a service is derived here, never restated.
 */

/** Secret-store key of the HS256 secret user tokens are signed with (shared by the services). */
export const AUTH_SECRET_KEY = "auth-hs256-secret";

/** Secret-store key of the Postgres connection URI of the service `name`. */
export const databaseUrlKey = (name: string) => `${name}-database-url`;

export interface ServiceDefinition<Name extends string = string> {
  /**
   * One name everywhere: folder `services/<name>/` (entry point `main.ts`), Dapr app id,
   * Kubernetes labels, Kafka consumer group, trace service name.
   */
  readonly name: Name;
  /** Port the app listens on: its `PORT` default and the container port. */
  readonly port: number;
  /**
   * `public`: served through the front door (the ingress controller may connect); `internal`:
   * reached only by its sidecar and the apps that invoke it.
   */
  readonly exposure: "public" | "internal";
  /** Probe paths, served by the shared HTTP server. */
  readonly health: { readonly liveness: "/healthz"; readonly readiness: "/readyz" };
  /** Dapr components this app loads (their scopes). */
  readonly components: readonly string[];
  /** Topics it publishes to; with `subscribes`, the topics the platform declares. */
  readonly publishes: readonly string[];
  /** Topics it consumes, each with the dead-letter topic `<topic>.dlt`. */
  readonly subscribes: readonly string[];
  /**
   * Who shares a Kafka consumer group: `app` (its replicas share one, each event reaches one of
   * them) or `replica` (one per pod, every replica sees every event).
   */
  readonly consumerGroup: "app" | "replica";
  /** Dapr app ids this service calls through service invocation (they admit it as a caller). */
  readonly invokes: readonly string[];
  /** Actor types hosted (need placement and an actor state store). */
  readonly actors: readonly string[];
  /** Schedules jobs through the Dapr Jobs API (needs the scheduler). */
  readonly jobs: boolean;
  /** Verifies user tokens with the shared HS256 secret (secret-store key `auth-hs256-secret`). */
  readonly authenticatesUsers: boolean;
  /** Postgres schema it owns; its connection URI is the secret-store key `<name>-database-url`. */
  readonly databaseSchema?: string;
  /** Non-secret environment variables with their defaults. */
  readonly env: Readonly<Record<string, string>>;
  /** Cron input bindings: component name → schedule; daprd POSTs to `/<name>`. */
  readonly cronBindings?: Readonly<Record<string, string>>;
}

/** Keeps the literal name, so the environment schema can require a sizing per service by name. */
export const defineService = <const Name extends string>(
  definition: ServiceDefinition<Name>,
): ServiceDefinition<Name> => definition;

/** What a secret-store key holds, so every consumer provides the same value for it. */
export type SecretKeyKind = "jwt-secret" | "database-url";

/** The secret-store keys the service reads, with what each holds (database URL first). */
export function secretKeysOf(definition: ServiceDefinition): [string, SecretKeyKind][] {
  return [
    ...(definition.databaseSchema
      ? [[databaseUrlKey(definition.name), "database-url"] as [string, SecretKeyKind]]
      : []),
    ...(definition.authenticatesUsers
      ? [[AUTH_SECRET_KEY, "jwt-secret"] as [string, SecretKeyKind]]
      : []),
  ];
}

/** Every secret-store key the services read, once each. */
export function secretStoreKeys(
  definitions: readonly ServiceDefinition[],
): ReadonlyMap<string, SecretKeyKind> {
  return new Map(definitions.flatMap(secretKeysOf));
}

/**
 * The topics the services use: consumed ones in the order of their first consumer, then those
 * only published (the order the topics are created in stays stable as services are added).
 */
export function topicsOf(definitions: readonly ServiceDefinition[]): string[] {
  return [
    ...new Set([
      ...definitions.flatMap((d) => d.subscribes),
      ...definitions.flatMap((d) => d.publishes),
    ]),
  ];
}

/** The apps that invoke `definition` (its Dapr access control and INTERNAL_CALLERS). */
export const callersOf = (
  definition: ServiceDefinition,
  definitions: readonly ServiceDefinition[],
): string[] => definitions.filter((d) => d.invokes.includes(definition.name)).map((d) => d.name);

/** Entry point, relative to the repository root. */
export const entryPointOf = (definition: ServiceDefinition) =>
  `services/${definition.name}/main.ts`;

/**
 * The environment every deployment of the service starts with (Kubernetes and the local run):
 * its port, its settings, and the apps allowed to call its internal API.
 */
export function serviceEnvironment(
  definition: ServiceDefinition,
  definitions: readonly ServiceDefinition[],
): Record<string, string> {
  const callers = callersOf(definition, definitions);
  return {
    PORT: String(definition.port),
    ...definition.env,
    ...(callers.length > 0 ? { INTERNAL_CALLERS: callers.join(",") } : {}),
  };
}
