import { Construct } from "constructs";
import { customResource } from "../_internal/kubernetes-manifest.js";
import { standardLabels } from "../policy/standard-labels.js";

/** A metadata value: a literal, or a reference to a key in a secret store. */
export type DaprMetadataValue =
  string | { readonly secretKeyRef: { readonly name: string; readonly key: string } };

export interface DaprComponentProps {
  readonly name: string;
  readonly namespace: string;
  /** Component type, e.g. `pubsub.kafka`. */
  readonly type: string;
  /** Apps (Dapr app-ids) allowed to load it; never empty, so no component is visible to every app by accident. */
  readonly scopes: readonly string[];
  /** @default "v1" */
  readonly version?: string;
  /** @default - none */
  readonly metadata?: Record<string, DaprMetadataValue>;
  /**
   * Secret store resolving `secretKeyRef` values.
   * @default - the Kubernetes secret store of the sidecar's namespace
   */
  readonly secretStore?: string;
}

/** A Dapr `Component` (dapr.io/v1alpha1), scoped to the apps that use it. */
export class DaprComponent extends Construct {
  readonly componentName: string;

  constructor(scope: Construct, id: string, props: DaprComponentProps) {
    super(scope, id);
    if (props.scopes.length === 0)
      throw new Error(
        `DaprComponent '${props.name}': scopes is empty; list the app-ids that may use it`,
      );
    this.componentName = props.name;
    customResource(this, "Resource", {
      apiVersion: "dapr.io/v1alpha1",
      kind: "Component",
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: standardLabels(this, props.name, "dapr-component"),
      },
      spec: {
        type: props.type,
        version: props.version ?? "v1",
        metadata: Object.entries(props.metadata ?? {}).map(([name, value]) =>
          typeof value === "string" ? { name, value } : { name, secretKeyRef: value.secretKeyRef },
        ),
      },
      ...(props.secretStore ? { auth: { secretStore: props.secretStore } } : {}),
      scopes: [...props.scopes],
    });
  }
}
