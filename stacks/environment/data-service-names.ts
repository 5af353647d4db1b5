/**
 * The names a system gives its data services, where the constructs would otherwise use their
 * own defaults. They name deployed resources (Kubernetes, AWS, Neon): changing one replaces the
 * resource, so a system keeps the names its resources already carry.
 */
export interface DataServiceNames {
  /** The Kafka cluster (Strimzi or MSK). */
  readonly kafka: string;
  /** The CloudNativePG cluster. */
  readonly postgres: string;
  /** The Redis-compatible cache (in-cluster Valkey or ElastiCache). */
  readonly redis: string;
  /** The database in Postgres (CloudNativePG or Neon). */
  readonly database: string;
  /** The role that owns the Neon database. */
  readonly databaseRole: string;
}
