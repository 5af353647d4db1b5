/**
 * What test/global-setup.ts provides to integration tests as `inject("infra")`: the
 * addresses of the ONE shared Kafka, Postgres, Redis and Dapr control plane of the run.
 */

/** Components the global setup provides. */
export type InfraComponent = "kafka" | "postgres" | "redis" | "dapr";

export interface InfraContext {
  /** Folder with one log file per started process (kafka.log, postgres.log, daprd-<app>.log ...). */
  readonly logDir: string;
  /** `127.0.0.1:<port>` of the KRaft broker (auto topic creation on). */
  readonly kafkaBrokers: string;
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  readonly postgresUrl: string;
  /** `redis://127.0.0.1:<port>` */
  readonly redisUrl: string;
  readonly redisHost: string;
  readonly redisPort: number;
  /** For daprd `--placement-host-address`. */
  readonly placementAddress: string;
  /** For daprd `--scheduler-host-address`. */
  readonly schedulerAddress: string;
  /** Dapr Configuration with the run's shared SQLite name resolution (daprd `--config`). */
  readonly daprConfigFile: string;
  /** The Dapr binaries built by the bootstrap. */
  readonly bin: { readonly daprd: string; readonly placement: string; readonly scheduler: string };
  /** Components that could not be provided, with the reason (empty when all are up). */
  readonly unavailable: Readonly<Partial<Record<InfraComponent, string>>>;
}
