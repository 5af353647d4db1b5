import type { Construct } from "constructs";
import { DaprComponent } from "./dapr-component.js";

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
    if (
      !/^(@every \d+(ms|s|m|h)|@(hourly|daily|weekly|monthly)|(\S+\s+){4,5}\S+)$/.test(
        props.schedule,
      )
    )
      throw new Error(
        `CronBinding '${props.name}': schedule '${props.schedule}' is neither a cron expression nor '@every <n>s'`,
      );
    super(scope, id, {
      name: props.name,
      namespace: props.namespace,
      type: "bindings.cron",
      scopes: [props.app],
      metadata: { schedule: props.schedule, direction: "input" },
    });
  }
}
