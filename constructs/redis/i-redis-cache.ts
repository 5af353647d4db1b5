/**
 * What consumers of a Redis-compatible cache need, whichever kind it is (in-cluster Valkey,
 * ElastiCache, existing): where it is, whether TLS is on, and the Secret holding its password.
 */
export interface IRedisCache {
  /** `host:port`, as Dapr's state.redis `redisHost` expects it. */
  readonly endpoint: string;
  readonly tls: boolean;
  /** Kubernetes Secret (in the app namespace) holding the password. */
  readonly passwordSecretName: string;
  /** Key of the password inside that Secret. */
  readonly passwordSecretKey: string;
}
