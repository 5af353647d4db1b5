/**
 * What the infrastructure needs to know to run one service: the IaC Service construct and
 * `npm run local` both read these, so ports, app ids, components and secrets have one source.
 */
/** Tag of every service image built from services/Dockerfile (the package version). */
export const IMAGE_TAG = "0.1.0";

/** `ghcr.io/todo-platform/<name>:<IMAGE_TAG>`: pinned, never `latest`. */
export const serviceImage = (name: string, registry = "ghcr.io/todo-platform") =>
  `${registry}/${name}:${IMAGE_TAG}`;

export interface ServiceDefinition {
  /** One name everywhere: folder, Dapr app id, Kubernetes labels, Kafka consumer group. */
  readonly name: string;
  /** Port the app listens on (env PORT). */
  readonly port: number;
  readonly daprAppId: string;
  /** Container image, pinned tag (see services/Dockerfile). */
  readonly image: string;
  /** Entry point, relative to the repository root. */
  readonly entryPoint: string;
  readonly health: {
    readonly liveness: "/healthz";
    readonly readiness: "/readyz";
    readonly metrics: "/metrics";
  };
  /** Dapr components this app loads (scopes). */
  readonly components: readonly string[];
  readonly publishes: readonly string[];
  readonly subscribes: readonly string[];
  /** Dapr app ids this service calls through service invocation. */
  readonly invokes: readonly string[];
  /** Actor types hosted (need placement + an actor state store). */
  readonly actors: readonly string[];
  /** Uses the Jobs API (needs the scheduler). */
  readonly usesJobs: boolean;
  /** Keys read from the secret store `secretstore`. */
  readonly secrets: readonly string[];
  /** Postgres schema owned by the service, when it has one. */
  readonly databaseSchema?: string;
  /** Non-secret environment variables with their defaults. */
  readonly env: Readonly<Record<string, string>>;
  /** Cron input bindings: component name → schedule; daprd POSTs to `/<name>`. */
  readonly cronBindings?: Readonly<Record<string, string>>;
}
