import type { Construct } from "constructs";
import {
  DaprResource,
  placed,
  type DaprDocumentPlacement,
  type DaprMetadataValue,
  type DaprResourceDocument,
} from "./dapr-resource.js";

/** What {@link daprComponentDocument} builds a Component from. */
export interface DaprComponentDocumentOptions extends DaprDocumentPlacement {
  readonly name: string;
  /** Component type, e.g. `pubsub.kafka`. */
  readonly type: string;
  /** @default "v1" */
  readonly version?: string;
  /** @default - none */
  readonly metadata?: Readonly<Record<string, DaprMetadataValue>>;
  /**
   * Secret store resolving `secretKeyRef` values.
   * @default - the Kubernetes secret store of the sidecar's namespace (none standalone)
   */
  readonly secretStore?: string;
}

/** A Dapr `Component` (dapr.io/v1alpha1) document. */
export function daprComponentDocument(options: DaprComponentDocumentOptions): DaprResourceDocument {
  return placed(
    {
      apiVersion: "dapr.io/v1alpha1",
      kind: "Component",
      metadata: { name: options.name },
      spec: {
        type: options.type,
        version: options.version ?? "v1",
        metadata: Object.entries(options.metadata ?? {}).map(([name, value]) =>
          typeof value === "string" ? { name, value } : { name, secretKeyRef: value.secretKeyRef },
        ),
      },
      ...(options.secretStore ? { auth: { secretStore: options.secretStore } } : {}),
    },
    options,
  );
}

/** What a component kind decides about its Component: everything but where it is placed. */
export type DaprComponentSpec = Omit<DaprComponentDocumentOptions, keyof DaprDocumentPlacement>;

/**
 * A kind's `spec` at `placement`'s namespace and scopes: the options its document builder and
 * its construct both pass on (required in the result where `placement` requires them).
 */
export function placedComponent<P extends DaprDocumentPlacement>(
  spec: DaprComponentSpec,
  placement: P,
): DaprComponentSpec & Pick<P, "namespace" | "scopes"> {
  return { ...spec, namespace: placement.namespace, scopes: placement.scopes };
}

export interface DaprComponentProps extends DaprComponentDocumentOptions {
  readonly namespace: string;
  /** Apps (Dapr app-ids) allowed to load it; never empty, so no component is visible to every app by accident. */
  readonly scopes: readonly string[];
}

/** A Dapr `Component` (dapr.io/v1alpha1), scoped to the apps that use it. */
export class DaprComponent extends DaprResource {
  readonly componentName: string;

  constructor(scope: Construct, id: string, props: DaprComponentProps) {
    requireScopes(props);
    super(scope, id, { document: daprComponentDocument(props) });
    this.componentName = props.name;
  }
}

/** Fails on a component visible to every app. */
function requireScopes(document: {
  readonly name: string;
  readonly scopes?: readonly string[];
}): void {
  if (!document.scopes || document.scopes.length === 0)
    throw new Error(
      `DaprComponent '${document.name}': scopes is empty; list the app-ids that may use it`,
    );
}
