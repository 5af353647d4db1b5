import type { HandlerOutcome } from "../../runtime/dapr/subscriptions.js";
import { PoisonEventError } from "../../runtime/dapr/delivery-failure.js";
import type { ConnectionHub } from "./connection-hub.js";

/** `task-updates` consumer: forwards each update to the connections of the user it belongs to. */
export class UpdateForwarder {
  constructor(private readonly hub: ConnectionHub) {}

  async handle(envelope: Record<string, unknown>): Promise<HandlerOutcome> {
    const data = envelope.data as { user_id?: unknown } | undefined;
    if (typeof data?.user_id !== "string")
      throw new PoisonEventError("task update without data.user_id");
    // At-least-once: a redelivered update is sent again; clients dedupe by `id`.
    const sent = this.hub.send(data.user_id, {
      id: envelope.id,
      type: envelope.type,
      time: envelope.time,
      data,
    });
    return sent > 0 ? "success" : "ignored";
  }
}
