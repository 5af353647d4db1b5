import type { Construct } from "constructs";
import {
  DaprComponent,
  daprComponentDocument,
  placedComponent,
  type DaprComponentSpec,
} from "./dapr-component.js";
import type { DaprDocumentPlacement, DaprResourceDocument } from "./dapr-resource.js";

/** What {@link cronBindingDocument} builds a `bindings.cron` Component from. */
export interface CronBindingDocumentOptions extends DaprDocumentPlacement {
  /** Component name; daprd POSTs to the app's `/<name>` on each tick. */
  readonly name: string;
  /** Cron expression or `@every <duration>`, e.g. `@every 30s`. */
  readonly schedule: string;
}

/** `bindings.cron` input binding; fails on a schedule that is not cron syntax. */
export function cronBindingDocument(options: CronBindingDocumentOptions): DaprResourceDocument {
  return daprComponentDocument(placedComponent(cronBindingSpec(options), options));
}

function cronBindingSpec(options: CronBindingDocumentOptions): DaprComponentSpec {
  if (
    !/^(@every \d+(ms|s|m|h)|@(hourly|daily|weekly|monthly)|(\S+\s+){4,5}\S+)$/.test(
      options.schedule,
    )
  )
    throw new Error(
      `CronBinding '${options.name}': schedule '${options.schedule}' is neither a cron expression nor '@every <n>s'`,
    );
  return {
    name: options.name,
    type: "bindings.cron",
    metadata: { schedule: options.schedule, direction: "input" },
  };
}

export interface CronBindingProps {
  readonly name: string;
  readonly namespace: string;
  /** Cron expression or `@every <duration>`, e.g. `@every 30s`. */
  readonly schedule: string;
  /** The app that receives `POST /<name>` on each tick. */
  readonly app: string;
}

/** `bindings.cron` input binding: periodic work (outbox sweep, reconciliation) for one app. */
export class CronBinding extends DaprComponent {
  constructor(scope: Construct, id: string, props: CronBindingProps) {
    const placement = { namespace: props.namespace, scopes: [props.app] };
    super(scope, id, placedComponent(cronBindingSpec({ ...props, ...placement }), placement));
  }
}
