import type { Construct } from "constructs";
import {
  DaprComponent,
  daprComponentDocument,
  placedComponent,
  type DaprComponentSpec,
} from "./dapr-component.js";
import type { DaprResourceDocument } from "./dapr-resource.js";

/** What {@link kubernetesSecretStoreDocument} builds a `secretstores.kubernetes` Component from. */
export interface KubernetesSecretStoreDocumentOptions {
  /** The namespace the component lives in and reads Secrets of. */
  readonly namespace: string;
  /** @default - every app */
  readonly scopes?: readonly string[];
  /** @default "secretstore" */
  readonly name?: string;
}

/** `secretstores.kubernetes`, reading Secrets of its own namespace. */
export function kubernetesSecretStoreDocument(
  options: KubernetesSecretStoreDocumentOptions,
): DaprResourceDocument {
  return daprComponentDocument(placedComponent(kubernetesSecretStoreSpec(options), options));
}

function kubernetesSecretStoreSpec(
  options: KubernetesSecretStoreDocumentOptions,
): DaprComponentSpec {
  return {
    name: options.name ?? "secretstore",
    type: "secretstores.kubernetes",
    metadata: { defaultNamespace: options.namespace },
  };
}

export interface KubernetesSecretStoreProps extends KubernetesSecretStoreDocumentOptions {
  readonly scopes: readonly string[];
}

/**
 * `secretstores.kubernetes`: apps read their secrets (DB URL, JWT secret) through Dapr; what each
 * app may read is bounded by its ServiceAccount's RBAC (see `Microservice.grantReadSecrets`).
 */
export class KubernetesSecretStore extends DaprComponent {
  constructor(scope: Construct, id: string, props: KubernetesSecretStoreProps) {
    super(scope, id, placedComponent(kubernetesSecretStoreSpec(props), props));
  }
}
