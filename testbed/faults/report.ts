import type { FaultReport } from "./fault-system.js";

const seconds = (ms: number) => (Number.isNaN(ms) ? "never" : `${(ms / 1000).toFixed(1)} s`);

/** The per-fault table the suite and the benchmark print. */
export function formatFaultReports(reports: readonly FaultReport[]): string {
  const header = [
    "kill -9",
    "tasks",
    "events",
    "lost",
    "duplicated",
    "dead-lettered",
    "next occ.",
    "reminders",
    "restart",
    "recovered",
  ];
  const rows = reports.map((r) => [
    r.fault,
    String(r.tasks),
    String(r.events),
    String(r.lost),
    String(r.duplicated),
    String(r.deadLettered),
    `${r.nextOccurrences}/${r.completions}`,
    `${r.delivered}/${r.reminders}`,
    seconds(r.restartMs),
    seconds(r.recoveryMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}
