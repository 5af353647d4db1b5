/**
 * Recurrence benchmark (`tsx scripts/bench/recurrence.ts`, part of `npm run bench`):
 *
 * 1. Next-occurrence cost of an hourly Europe/Berlin series started 20 years ago vs one
 *    started a week ago, both completing their latest occurrence (the recurrence service's
 *    path: the occurrence carries its instance). Interleaved, best of three; target ≤ 2×.
 *    The same for a 20-year-old occurrence without a stored instance (found from its
 *    position), for information.
 * 2. Worst cases: the slowest single call among adversarial accepted rules (sub-daily rules
 *    completed centuries late, due dates moved to year 9999, rare and never-matching rules at
 *    validation), each measured after warm-up, best of three.
 */
import {
  nextOccurrence,
  type Occurrence,
} from "../../services/domain/recurrence/next-occurrence.js";
import { validateRecurrence } from "../../services/domain/recurrence/recurrence-rule.js";

const TARGET_RATIO = 2;

interface Scenario {
  readonly name: string;
  readonly rrule: string;
  readonly timezone?: string;
  readonly dtstart: string;
  readonly completed?: { dueAt: string; occurrence: number; instance?: string };
  readonly completedAt?: string;
}

function run(s: Scenario): void {
  const recurrence = { rrule: s.rrule, timezone: s.timezone ?? "Europe/Berlin" };
  if (!s.completed) {
    try {
      validateRecurrence(recurrence, s.dtstart);
    } catch {
      // refusing is the expected outcome for some; the cost is what is measured
    }
    return;
  }
  const completed: Occurrence = { ...s.completed, dueAt: new Date(s.completed.dueAt) };
  nextOccurrence(recurrence, s.dtstart, completed, new Date(s.completedAt ?? s.completed.dueAt));
}

/** Mean microseconds per call over `runs` calls, after a warm-up. */
function microseconds(s: Scenario, runs: number): number {
  for (let i = 0; i < Math.min(runs, 50); i++) run(s);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) run(s);
  return Number(process.hrtime.bigint() - t0) / 1000 / runs;
}

const due = "2026-06-01T07:00:00Z"; // 09:00 CEST
const hourly = (dtstart: string, occurrence: number, instance?: string): Scenario => ({
  name: "",
  rrule: "FREQ=HOURLY",
  dtstart,
  completed: { dueAt: due, occurrence, ...(instance ? { instance } : {}) },
});
const old = hourly("2006-06-01T09:00:00", 175_321, "2026-06-01T09:00:00");
const fresh = hourly("2026-05-25T09:00:00", 169, "2026-06-01T09:00:00");
const oldWithoutInstance = hourly("2006-06-01T09:00:00", 175_321);

const samples = [0, 1, 2].map(
  () =>
    [
      microseconds(old, 2000),
      microseconds(fresh, 2000),
      microseconds(oldWithoutInstance, 200),
    ] as const,
);
const [oldUs, freshUs, legacyUs] = [0, 1, 2].map((i) => Math.min(...samples.map((s) => s[i]!)));
const ratio = oldUs! / freshUs!;
process.stdout.write(
  `\nNext occurrence (hourly, Europe/Berlin), Node ${process.version}\n` +
    `  1-week-old series                       ${freshUs!.toFixed(1).padStart(8)} µs (baseline)\n` +
    `  20-year-old series                      ${oldUs!.toFixed(1).padStart(8)} µs  ratio ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO.toFixed(2)}: ${ratio <= TARGET_RATIO ? "met" : "NOT met"})\n` +
    `  20-year-old, instance found by position ${legacyUs!.toFixed(1).padStart(8)} µs  ratio ${(legacyUs! / freshUs!).toFixed(2)} (occurrences stored before instances were)\n`,
);

const worst: Scenario[] = [
  {
    name: "SECONDLY from year 0001, completed now",
    rrule: "FREQ=SECONDLY",
    dtstart: "0001-06-01T09:00:00",
    completed: { dueAt: "0001-06-01T08:06:32Z", occurrence: 1, instance: "0001-06-01T09:00:00" },
    completedAt: "2026-06-01T07:00:00Z",
  },
  {
    name: "SECONDLY;INTERVAL=7 from 0001 by position",
    rrule: "FREQ=SECONDLY;INTERVAL=7",
    dtstart: "0001-06-01T09:00:00",
    completed: { dueAt: "0001-06-01T08:06:32Z", occurrence: 2 },
    completedAt: "2026-06-01T07:00:00Z",
  },
  {
    name: "MINUTELY;INTERVAL=7 due moved to 9999",
    rrule: "FREQ=MINUTELY;INTERVAL=7",
    dtstart: "2026-06-01T09:00:00",
    completed: { dueAt: "9999-06-01T07:00:00Z", occurrence: 1, instance: "2026-06-01T09:00:00" },
  },
  {
    name: "HOURLY;INTERVAL=5;BYDAY=MO due moved to 9999",
    rrule: "FREQ=HOURLY;INTERVAL=5;BYDAY=MO",
    dtstart: "2026-06-01T09:00:00",
    completed: { dueAt: "9999-06-01T07:00:00Z", occurrence: 1, instance: "2026-06-01T09:00:00" },
  },
  {
    name: "DAILY;INTERVAL=2 due moved to 9999",
    rrule: "FREQ=DAILY;INTERVAL=2",
    dtstart: "2026-06-01T09:00:00",
    completed: { dueAt: "9999-06-01T07:00:00Z", occurrence: 1, instance: "2026-06-01T09:00:00" },
  },
  {
    name: "DAILY;INTERVAL=97;BYMONTH=2;BYMONTHDAY=29 due moved to 9999",
    rrule: "FREQ=DAILY;INTERVAL=97;BYMONTH=2;BYMONTHDAY=29",
    dtstart: "2024-02-29T09:00:00",
    completed: { dueAt: "9999-06-01T07:00:00Z", occurrence: 1, instance: "2024-02-29T09:00:00" },
  },
  {
    name: "WEEKLY;BYSETPOS=-1;BYDAY=MO,FR due moved to 9999",
    rrule: "FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=-1",
    dtstart: "2026-06-01T09:00:00",
    completed: { dueAt: "9999-06-01T07:00:00Z", occurrence: 1, instance: "2026-06-01T09:00:00" },
  },
  {
    name: "MONTHLY;BYDAY=-1SU;BYMONTHDAY=-7..-1 due moved to 9999",
    rrule: "FREQ=MONTHLY;BYDAY=-1SU;BYMONTHDAY=-1,-2,-3,-4,-5,-6,-7",
    dtstart: "2026-06-28T09:00:00",
    completed: { dueAt: "9999-06-01T07:00:00Z", occurrence: 1, instance: "2026-06-28T09:00:00" },
  },
  {
    name: "YEARLY;BYWEEKNO=53;BYDAY=TH;INTERVAL=3 due moved to 9999",
    rrule: "FREQ=YEARLY;INTERVAL=3;BYWEEKNO=53;BYDAY=TH",
    dtstart: "2026-12-31T09:00:00",
    completed: { dueAt: "9999-06-01T07:00:00Z", occurrence: 1, instance: "2026-12-31T09:00:00" },
  },
  {
    name: "validate: SECONDLY;INTERVAL=86399;BYHOUR=3 (rare)",
    rrule: "FREQ=SECONDLY;INTERVAL=86399;BYHOUR=3;BYMINUTE=0",
    dtstart: "2026-06-01T09:00:00",
  },
  {
    name: "validate: HOURLY;INTERVAL=48;BYHOUR=1 (never, from 09:00)",
    rrule: "FREQ=HOURLY;INTERVAL=48;BYHOUR=1",
    dtstart: "2026-06-01T09:00:00",
  },
  {
    name: "validate: DAILY;INTERVAL=7;BYDAY=TU (never, from a Monday)",
    rrule: "FREQ=DAILY;INTERVAL=7;BYDAY=TU",
    dtstart: "2026-06-01T09:00:00",
  },
  {
    name: "validate: MINUTELY;INTERVAL=1441;BYHOUR=0;BYMINUTE=0 (rare)",
    rrule: "FREQ=MINUTELY;INTERVAL=1441;BYHOUR=0;BYMINUTE=0",
    dtstart: "2026-06-01T09:00:00",
  },
];

process.stdout.write(`\nWorst cases of accepted rules (one call each, best of three)\n`);
let slowest = { name: "", ms: 0 };
for (const s of worst) {
  const ms = Math.min(...[0, 1, 2].map(() => microseconds(s, 1) / 1000));
  if (ms > slowest.ms) slowest = { name: s.name, ms };
  process.stdout.write(`  ${s.name.padEnd(62)} ${ms.toFixed(1).padStart(7)} ms\n`);
}
process.stdout.write(`  slowest: ${slowest.ms.toFixed(1)} ms (${slowest.name})\n\n`);
