import type { Construct } from "constructs";
import type { IRedisCache } from "../redis/i-redis-cache.js";
import { DaprComponent } from "./dapr-component.js";

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
    super(scope, id, {
      name: props.name ?? "statestore",
      namespace: props.namespace,
      type: "state.redis",
      scopes: props.scopes,
      secretStore: props.secretStore ?? "secretstore",
      metadata: {
        redisHost: props.redis.endpoint,
        redisPassword: {
          secretKeyRef: {
            name: props.redis.passwordSecretName,
            key: props.redis.passwordSecretKey,
          },
        },
        enableTLS: String(props.redis.tls),
        actorStateStore: String(props.actorStateStore ?? true),
      },
    });
  }
}
