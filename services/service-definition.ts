/**
 * The one description of a Todo service. The IaC (stacks/todo), the environment schema, the
 * local run (testbed/local), the image build and the service's own config and start-up read it;
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
  /** Probe paths, served by the runtime's HTTP server. */
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

/**
 * What a service's definition states; {@link defineService} derives the rest (the probe
 * paths, the Dapr components it loads and the variables that name them to it).
 */
export interface ServiceDefinitionOptions<Name extends string = string> {
  /** See {@link ServiceDefinition.name}. */
  readonly name: Name;
  /** See {@link ServiceDefinition.port}. */
  readonly port: number;
  /** See {@link ServiceDefinition.exposure}; stated, never defaulted: it decides who may connect. */
  readonly exposure: "public" | "internal";
  /** Topics it publishes to. @default [] */
  readonly publishes?: readonly string[];
  /** Topics it consumes. @default [] */
  readonly subscribes?: readonly string[];
  /** See {@link ServiceDefinition.consumerGroup}. @default "app" */
  readonly consumerGroup?: "app" | "replica";
  /** Dapr app ids it invokes. @default [] */
  readonly invokes?: readonly string[];
  /** Actor types it hosts (they load the state store). @default [] */
  readonly actors?: readonly string[];
  /** Schedules jobs through the Dapr Jobs API. @default false */
  readonly jobs?: boolean;
  /** Verifies user tokens (it reads the secret store). @default false */
  readonly authenticatesUsers?: boolean;
  /** Postgres schema it owns (it reads the secret store). @default - none */
  readonly databaseSchema?: string;
  /**
   * Reads and writes the Dapr state store itself, which it finds in `STATE_STORE_NAME`
   * (hosting actors loads the state store without the variable). @default false
   */
  readonly stateStore?: boolean;
  /** Dapr output bindings it sends to, by component name, e.g. `webhook`. @default [] */
  readonly outputBindings?: readonly string[];
  /** See {@link ServiceDefinition.cronBindings}. @default - none */
  readonly cronBindings?: Readonly<Record<string, string>>;
  /**
   * Its own non-secret settings with their defaults; the variables naming its components
   * (`PUBSUB_NAME`, `STATE_STORE_NAME`, `SECRET_STORE_NAME`) come first. @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The definition `Options` state, keeping as literal types the name and what the service's
 * config depends on (see serviceConfigSchema in runtime/config.ts).
 */
export type DefinedService<Options extends ServiceDefinitionOptions> = ServiceDefinition<
  Options["name"]
> & {
  readonly authenticatesUsers: Options extends { readonly authenticatesUsers: true } ? true : false;
  readonly databaseSchema: Options extends { readonly databaseSchema: string } ? string : undefined;
};

/**
 * The definition of a service from what it states. It loads the pub/sub when it publishes or
 * consumes, the state store when it uses one or hosts actors, the secret store when it reads a
 * secret-store key, and its bindings; the variable naming a component it uses itself defaults
 * to that component. Keeps the literal name, so the environment schema can require a sizing
 * per service by name.
 */
export function defineService<const Options extends ServiceDefinitionOptions>(
  options: Options,
): DefinedService<Options> {
  const { stateStore = false, outputBindings = [], env = {}, ...stated } = options;
  const definition = {
    ...stated,
    health: { liveness: "/healthz", readiness: "/readyz" },
    publishes: options.publishes ?? [],
    subscribes: options.subscribes ?? [],
    consumerGroup: options.consumerGroup ?? "app",
    invokes: options.invokes ?? [],
    actors: options.actors ?? [],
    jobs: options.jobs ?? false,
    authenticatesUsers: options.authenticatesUsers ?? false,
  } as const;
  /** Each component it loads, with the variable that names it to the app when it has one. */
  const components: (readonly [component: string, variable?: string])[] = [
    ...(definition.publishes.length > 0 || definition.subscribes.length > 0
      ? [["pubsub", "PUBSUB_NAME"] as const]
      : []),
    ...(stateStore
      ? [["statestore", "STATE_STORE_NAME"] as const]
      : definition.actors.length > 0
        ? [["statestore"] as const]
        : []),
    ...(secretKeysOf(definition).length > 0 ? [["secretstore", "SECRET_STORE_NAME"] as const] : []),
    ...Object.keys(options.cronBindings ?? {}).map((name) => [name] as const),
    ...outputBindings.map((name) => [name] as const),
  ];
  const result: ServiceDefinition<Options["name"]> = {
    ...definition,
    components: components.map(([component]) => component),
    env: {
      ...Object.fromEntries(
        components.flatMap(([component, variable]) => (variable ? [[variable, component]] : [])),
      ),
      ...env,
    },
  };
  // The flags are copied from `options` unchanged, so their literal types hold.
  return result as DefinedService<Options>;
}

/** What a secret-store key holds, so every consumer provides the same value for it. */
export type SecretKeyKind = "jwt-secret" | "database-url";

/** The secret-store keys the service reads, with what each holds (database URL first). */
export function secretKeysOf(
  definition: Pick<ServiceDefinition, "name" | "databaseSchema" | "authenticatesUsers">,
): [string, SecretKeyKind][] {
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
