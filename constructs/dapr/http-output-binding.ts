import type { Construct } from "constructs";
import {
  DaprComponent,
  daprComponentDocument,
  placedComponent,
  type DaprComponentSpec,
} from "./dapr-component.js";
import type { DaprDocumentPlacement, DaprResourceDocument } from "./dapr-resource.js";

/** What {@link httpOutputBindingDocument} builds a `bindings.http` Component from. */
export interface HttpOutputBindingDocumentOptions extends DaprDocumentPlacement {
  readonly name: string;
  /** Base URL requests go to: https, or plain http to a loopback address (one machine). */
  readonly url: string;
  /** @default "10s" */
  readonly timeout?: string;
}

/** `bindings.http` output binding, e.g. notification webhooks; fails on a plain http URL off this machine. */
export function httpOutputBindingDocument(
  options: HttpOutputBindingDocumentOptions,
): DaprResourceDocument {
  return daprComponentDocument(placedComponent(httpOutputBindingSpec(options), options));
}

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

function httpOutputBindingSpec(options: HttpOutputBindingDocumentOptions): DaprComponentSpec {
  if (!options.url.startsWith("https://") && !LOOPBACK.test(options.url))
    throw new Error(
      `HttpOutputBinding '${options.name}': url '${options.url}' must use https:// (plain http only to a loopback address)`,
    );
  return {
    name: options.name,
    type: "bindings.http",
    metadata: { url: options.url, direction: "output", responseTimeout: options.timeout ?? "10s" },
  };
}

export interface HttpOutputBindingProps extends HttpOutputBindingDocumentOptions {
  readonly namespace: string;
  readonly scopes: readonly string[];
}

/** `bindings.http` output binding, e.g. notification webhooks (see {@link httpOutputBindingDocument}). */
export class HttpOutputBinding extends DaprComponent {
  constructor(scope: Construct, id: string, props: HttpOutputBindingProps) {
    super(scope, id, placedComponent(httpOutputBindingSpec(props), props));
  }
}
