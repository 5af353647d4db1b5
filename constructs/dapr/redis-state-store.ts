import type { Construct } from "constructs";
import type { IRedisCache } from "../redis/i-redis-cache.js";
import {
  DaprComponent,
  daprComponentDocument,
  placedComponent,
  type DaprComponentSpec,
} from "./dapr-component.js";
import type {
  DaprDocumentPlacement,
  DaprMetadataValue,
  DaprResourceDocument,
} from "./dapr-resource.js";

/** What {@link redisStateStoreDocument} builds a `state.redis` Component from. */
export interface RedisStateStoreDocumentOptions extends DaprDocumentPlacement {
  /** `host:port` */
  readonly host: string;
  readonly tls: boolean;
  /**
   * The password, as a `secretKeyRef` into `secretStore` (never a literal in a manifest).
   * @default - none: a Redis without AUTH (one machine)
   */
  readonly password?: DaprMetadataValue;
  /** Secret store resolving `password`. @default - the sidecar's default secret store */
  readonly secretStore?: string;
  /** @default "statestore" */
  readonly name?: string;
  /** Also the actor state store (only one component may be). @default true */
  readonly actorStateStore?: boolean;
}

/** `state.redis`, the key/value and (by default) actor state store. */
export function redisStateStoreDocument(
  options: RedisStateStoreDocumentOptions,
): DaprResourceDocument {
  return daprComponentDocument(placedComponent(redisStateStoreSpec(options), options));
}

/** What {@link redisStateStoreDocument} decides about its Component. */
function redisStateStoreSpec(options: RedisStateStoreDocumentOptions): DaprComponentSpec {
  return {
    name: options.name ?? "statestore",
    type: "state.redis",
    secretStore: options.secretStore,
    metadata: {
      redisHost: options.host,
      ...(options.password === undefined ? {} : { redisPassword: options.password }),
      enableTLS: String(options.tls),
      actorStateStore: String(options.actorStateStore ?? true),
    },
  };
}

export interface RedisStateStoreProps {
  readonly namespace: string;
  readonly redis: IRedisCache;
  readonly scopes: readonly string[];
  /** @default "statestore" */
  readonly name?: string;
  /** Also the actor state store (only one component may be). @default true */
  readonly actorStateStore?: boolean;
  /** Secret store resolving the password. @default "secretstore" */
  readonly secretStore?: string;
}

/** `state.redis` on the given cache, password read from the secret store. */
export class RedisStateStore extends DaprComponent {
  constructor(scope: Construct, id: string, props: RedisStateStoreProps) {
    const spec = redisStateStoreSpec({
      ...redisStateStoreConnection(props.redis),
      name: props.name,
      actorStateStore: props.actorStateStore,
      secretStore: props.secretStore ?? "secretstore",
    });
    super(scope, id, placedComponent(spec, props));
  }
}

/**
 * Host, TLS and password reference (the cache's Kubernetes Secret) of `redis`, as
 * {@link redisStateStoreDocument} takes them.
 */
export function redisStateStoreConnection(
  redis: IRedisCache,
): Pick<RedisStateStoreDocumentOptions, "host" | "tls" | "password"> {
  return {
    host: redis.endpoint,
    tls: redis.tls,
    password: { secretKeyRef: { name: redis.passwordSecretName, key: redis.passwordSecretKey } },
  };
}
