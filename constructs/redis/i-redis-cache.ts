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

/** Attributes of a cache that exists outside this app. */
export interface RedisCacheAttributes {
  readonly endpoint: string;
  readonly passwordSecretName: string;
  /** @default "password" */
  readonly passwordSecretKey?: string;
  /** @default true - caches outside the cluster network are reached over TLS */
  readonly tls?: boolean;
}

/** Imports an existing cache. */
export function redisCacheFromAttributes(attributes: RedisCacheAttributes): IRedisCache {
  if (!/^[^\s:]+:\d{1,5}$/.test(attributes.endpoint))
    throw new Error(
      `redisCacheFromAttributes: endpoint '${attributes.endpoint}' must be host:port`,
    );
  return {
    endpoint: attributes.endpoint,
    tls: attributes.tls ?? true,
    passwordSecretName: attributes.passwordSecretName,
    passwordSecretKey: attributes.passwordSecretKey ?? "password",
  };
}
