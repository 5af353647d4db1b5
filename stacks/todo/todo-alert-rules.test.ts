import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TODO_ALERT_RULES, TODO_RUNBOOK } from "./todo-alert-rules.js";

describe("TODO_ALERT_RULES", () => {
  const alerts = TODO_ALERT_RULES.flatMap((g) => g.rules);
  const runbook = readFileSync(new URL(`../../${TODO_RUNBOOK}`, import.meta.url), "utf8");

  it("covers the outbox, dead letters, consumer lag, 5xx, sidecar errors and reminder delay", () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual([
      "ConsumerLagHigh",
      "DaprSidecarErrors",
      "DeadLetterGrowth",
      "HttpErrorRateHigh",
      "OutboxEventsStale",
      "OutboxNotDraining",
      "ReminderLate",
    ]);
  });

  it("gives every alert a runbook entry: a heading named after it in the runbook", () => {
    const headings = [...runbook.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    expect(headings.sort()).toEqual(alerts.map((a) => a.alert).sort());
    for (const alert of alerts)
      expect(alert.annotations.runbook_url).toBe(`${TODO_RUNBOOK}#${alert.alert.toLowerCase()}`);
  });
});
