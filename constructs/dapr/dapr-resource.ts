import { Construct } from "constructs";
import { customResource } from "../_internal/kubernetes-manifest.js";
import { standardLabels } from "../policy/standard-labels.js";

/** A metadata value: a literal, or a reference to a key in a secret store. */
export type DaprMetadataValue =
  string | { readonly secretKeyRef: { readonly name: string; readonly key: string } };

/**
 * A Dapr resource (Component, Resiliency, Subscription, Configuration) as a plain value: what a
 * construct emits on Kubernetes and what `daprd --resources-path` (or `--config`) reads on one
 * machine. The `...Document` builders return these, so both outputs serialize the same value.
 */
export interface DaprResourceDocument {
  readonly apiVersion: string;
  readonly kind: string;
  /** `namespace` is set on Kubernetes only; standalone daprd has none. */
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: Readonly<Record<string, unknown>>;
  /** Secret store resolving `secretKeyRef` metadata (Components). */
  readonly auth?: { readonly secretStore: string };
  /** App-ids that load the resource; daprd honours them on Kubernetes and standalone alike. */
  readonly scopes?: readonly string[];
}

/** Where a document goes, the parameters every builder takes. */
export interface DaprDocumentPlacement {
  /** Kubernetes namespace. @default - none: a file for standalone daprd */
  readonly namespace?: string;
  /** App-ids that may load it. @default - every app */
  readonly scopes?: readonly string[];
}

/** `document`'s metadata (name, then namespace when given) and scopes, in manifest order. */
export function placed(
  document: Omit<DaprResourceDocument, "scopes">,
  placement: DaprDocumentPlacement,
): DaprResourceDocument {
  const { apiVersion, kind, metadata, ...rest } = document;
  return {
    apiVersion,
    kind,
    metadata: {
      name: metadata.name,
      ...(placement.namespace === undefined ? {} : { namespace: placement.namespace }),
    },
    ...rest,
    ...(placement.scopes ? { scopes: [...placement.scopes] } : {}),
  };
}

export interface DaprResourceProps {
  /** The resource; it must carry `metadata.namespace`. */
  readonly document: DaprResourceDocument;
}

/**
 * Any Dapr resource document as a Kubernetes custom resource, with the standard labels
 * (component `dapr-<kind>`). The typed Dapr constructs build their document and emit it here.
 */
export class DaprResource extends Construct {
  readonly document: DaprResourceDocument;

  constructor(scope: Construct, id: string, props: DaprResourceProps) {
    super(scope, id);
    const { apiVersion, kind, metadata, ...rest } = props.document;
    if (metadata.namespace === undefined)
      throw new Error(
        `DaprResource '${metadata.name}': document has no metadata.namespace; build it with a namespace`,
      );
    this.document = props.document;
    customResource(this, "Resource", {
      apiVersion,
      kind,
      metadata: {
        name: metadata.name,
        namespace: metadata.namespace,
        labels: standardLabels(this, metadata.name, `dapr-${kind.toLowerCase()}`),
      },
      ...rest,
    });
  }
}
