import type { Construct } from "constructs";
import { DaprComponent } from "./dapr-component.js";

export interface KubernetesSecretStoreProps {
  readonly namespace: string;
  readonly scopes: readonly string[];
  /** @default "secretstore" */
  readonly name?: string;
}

/**
 * `secretstores.kubernetes`: apps read their secrets (DB URL, JWT secret) through Dapr; what each
 * app may read is bounded by its ServiceAccount's RBAC (see `Microservice.grantReadSecrets`).
 */
export class KubernetesSecretStore extends DaprComponent {
  constructor(scope: Construct, id: string, props: KubernetesSecretStoreProps) {
    super(scope, id, {
      name: props.name ?? "secretstore",
      namespace: props.namespace,
      type: "secretstores.kubernetes",
      scopes: props.scopes,
      metadata: { defaultNamespace: props.namespace },
    });
  }
}
