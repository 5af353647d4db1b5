import type { Construct } from "constructs";
import { DaprComponent } from "./dapr-component.js";

export interface HttpOutputBindingProps {
  readonly name: string;
  readonly namespace: string;
  /** Base URL requests go to (https only). */
  readonly url: string;
  readonly scopes: readonly string[];
  /** @default "10s" */
  readonly timeout?: string;
}

/** `bindings.http` output binding, e.g. notification webhooks. */
export class HttpOutputBinding extends DaprComponent {
  constructor(scope: Construct, id: string, props: HttpOutputBindingProps) {
    if (!props.url.startsWith("https://"))
      throw new Error(`HttpOutputBinding '${props.name}': url '${props.url}' must use https://`);
    super(scope, id, {
      name: props.name,
      namespace: props.namespace,
      type: "bindings.http",
      scopes: props.scopes,
      metadata: { url: props.url, direction: "output", responseTimeout: props.timeout ?? "10s" },
    });
  }
}
