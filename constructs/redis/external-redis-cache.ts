import type { IRedisCache } from "./i-redis-cache.js";

/** Attributes of a cache that exists outside this app. */
export interface RedisCacheAttributes {
  /** `host:port` */
  readonly endpoint: string;
  /** Kubernetes Secret (in the app namespace) holding the password. */
  readonly passwordSecretName: string;
  /** @default "password" */
  readonly passwordSecretKey?: string;
  /** @default true - caches outside the cluster network are reached over TLS */
  readonly tls?: boolean;
}

/** A Redis-compatible cache managed elsewhere, imported by its endpoint and password Secret. */
export class ExternalRedisCache implements IRedisCache {
  /** Imports an existing cache; fails when the endpoint is not `host:port`. */
  static fromAttributes(attributes: RedisCacheAttributes): IRedisCache {
    const { endpoint, passwordSecretName } = attributes;
    if (!/^[^\s:]+:\d{1,5}$/.test(endpoint))
      throw new Error(
        `ExternalRedisCache: endpoint '${endpoint}' must be host:port, e.g. cache.example.com:6379`,
      );
    const passwordSecretKey = attributes.passwordSecretKey ?? "password";
    return new ExternalRedisCache(
      endpoint,
      attributes.tls ?? true,
      passwordSecretName,
      passwordSecretKey,
    );
  }

  private constructor(
    /** `host:port` */
    readonly endpoint: string,
    /** Whether clients connect over TLS. */
    readonly tls: boolean,
    /** Kubernetes Secret holding the password. */
    readonly passwordSecretName: string,
    /** Key of the password inside that Secret. */
    readonly passwordSecretKey: string,
  ) {}
}
