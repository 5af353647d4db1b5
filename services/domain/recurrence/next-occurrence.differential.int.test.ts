/**
 * Differential test: nextOccurrence against an independent RRULE implementation,
 * python-dateutil on zoneinfo (oracle/dateutil_oracle.py, installed by the bootstrap), on
 * generated series across zones with DST gaps and overlaps (and half-hour and 45-minute
 * offsets), every FREQ, BYxxx combinations, BYSETPOS, COUNT, UNTIL, EXDATE, moved due
 * dates and late completions. Every check must agree; the agreement rate is printed.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureDateutil } from "../../../testbed/checkers/dateutil.js";
import { nextOccurrence } from "./next-occurrence.js";
import { validateRecurrence } from "./recurrence-rule.js";

const SERIES = Number(process.env.RECURRENCE_DIFF_SERIES ?? 3000);
const ZONES = [
  "Europe/Berlin",
  "America/New_York",
  "Europe/London",
  "Australia/Sydney",
  "Australia/Lord_Howe", // 30-minute DST
  "Pacific/Chatham", // +12:45/+13:45
  "Asia/Kathmandu", // +05:45, no DST
  "UTC",
];
const ORACLE = join(dirname(fileURLToPath(import.meta.url)), "oracle", "dateutil_oracle.py");

interface Series {
  readonly rrule: string;
  readonly timezone: string;
  readonly dtstart: string;
  readonly horizon: string;
  readonly limit: number;
  readonly seconds?: number;
}

interface OracleAnswer {
  readonly instances?: [local: string, utc: string][];
  readonly complete?: boolean;
  readonly error?: string;
}

/** mulberry32: a fixed seed makes every run check the same series. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = random(20_260_329);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
const some = <T>(xs: readonly T[], max: number): T[] => [
  ...new Set(Array.from({ length: int(1, max) }, () => pick(xs))),
];
const signed = (max: number, negativeShare = 0.3) =>
  rnd() < negativeShare ? -int(1, max) : int(1, max);
const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

const transitionsByZone = new Map<string, string[]>();

/** Local dates on which the zone changes its offset, in the years the series start in. */
function transitionDays(zone: string): string[] {
  const known = transitionsByZone.get(zone);
  if (known) return known;
  const days: string[] = [];
  transitionsByZone.set(zone, days);
  for (let year = 2025; year <= 2029; year++) {
    let prev = DateTime.fromObject({ year, month: 1, day: 1, hour: 12 }, { zone });
    for (let d = 1; d <= 366; d++) {
      const next = prev.plus({ days: 1 });
      if (next.offset !== prev.offset) days.push(next.toISODate()!);
      prev = next;
    }
  }
  return days;
}

function generateSeries(): Series {
  const timezone = pick(ZONES);
  const freq = pick([
    ...Array(2).fill("YEARLY"),
    ...Array(4).fill("MONTHLY"),
    ...Array(4).fill("WEEKLY"),
    ...Array(5).fill("DAILY"),
    ...Array(3).fill("HOURLY"),
    "MINUTELY",
    ...(rnd() < 0.3 ? ["SECONDLY"] : []),
  ]) as string;
  const subDaily = ["HOURLY", "MINUTELY", "SECONDLY"].includes(freq);
  const transitions = transitionDays(timezone);
  const near = transitions.length > 0 && rnd() < 0.6;
  const day = near
    ? DateTime.fromISO(pick(transitions)).minus({ days: subDaily ? int(0, 1) : int(0, 20) })
    : DateTime.fromObject({ year: int(2025, 2029), month: int(1, 12), day: int(1, 28) });
  const hour = rnd() < 0.5 ? int(0, 4) : int(0, 23);
  const dtstart = `${day.toISODate()}T${String(hour).padStart(2, "0")}:${pick(["00", "30", "45", "15", String(int(0, 59)).padStart(2, "0")])}:${rnd() < 0.9 ? "00" : String(int(0, 59)).padStart(2, "0")}`;

  const parts = [`FREQ=${freq}`];
  const interval = rnd() < 0.6 ? 1 : rnd() < 0.75 ? int(2, 4) : int(5, 12);
  if (interval > 1 || rnd() < 0.1) parts.push(`INTERVAL=${interval}`);
  const by: string[] = [];
  const add = (share: number, part: string) => {
    if (rnd() < share) by.push(part);
  };
  const ordinals = freq === "MONTHLY" ? 5 : freq === "YEARLY" ? 53 : 0;
  add(
    freq === "YEARLY" ? 0.4 : 0.12,
    `BYMONTH=${some([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 3).join(",")}`,
  );
  if (freq === "YEARLY") add(0.12, `BYWEEKNO=${some([signed(53, 0.2), int(1, 53)], 2).join(",")}`);
  if (freq === "YEARLY" || subDaily)
    add(0.1, `BYYEARDAY=${some([signed(366), int(1, 366)], 3).join(",")}`);
  if (freq !== "WEEKLY")
    add(
      freq === "MONTHLY" ? 0.35 : 0.12,
      `BYMONTHDAY=${some([signed(31), int(1, 28)], 3).join(",")}`,
    );
  const weekNo = by.some((b) => b.startsWith("BYWEEKNO"));
  // All with ordinals or none: dateutil (and rrule.js, its port) intersect a mixed list such
  // as MO,-1WE instead of joining it as RFC 5545 lists do (our behaviour is unit-tested).
  const nth = ordinals > 0 && !weekNo && rnd() < 0.4;
  add(
    ["WEEKLY", "MONTHLY", "YEARLY"].includes(freq) ? 0.5 : 0.2,
    `BYDAY=${some(DAYS, 3)
      .map((d) => (nth ? `${signed(Math.min(ordinals, 5), 0.4)}${d}` : d))
      .join(",")}`,
  );
  if (freq !== "SECONDLY")
    add(subDaily ? 0.3 : 0.2, `BYHOUR=${some([0, 1, 2, 3, int(0, 23), int(0, 23)], 3).join(",")}`);
  if (freq !== "SECONDLY" || rnd() < 0.5)
    add(0.2, `BYMINUTE=${some([0, 15, 30, 45, int(0, 59)], 2).join(",")}`);
  add(freq === "SECONDLY" ? 0.4 : 0.05, `BYSECOND=${some([0, 30, int(0, 59)], 2).join(",")}`);
  if (by.length && rnd() < 0.3) by.push(`BYSETPOS=${some([1, 2, -1, -2, signed(6)], 2).join(",")}`);
  if (rnd() < 0.15) by.push(`WKST=${pick(DAYS)}`);
  parts.push(...by);

  const start = DateTime.fromISO(dtstart, { zone: timezone });
  const span = {
    YEARLY: { years: 40 },
    MONTHLY: { years: 8 },
    WEEKLY: { years: 3 },
    DAILY: { months: 10 },
    HOURLY: { days: 8 },
    MINUTELY: { hours: 30 },
    SECONDLY: { hours: 2 },
  }[freq]!;
  const end = rnd() < 0.25 ? "count" : rnd() < 0.27 ? "until" : "none";
  if (end === "count") parts.push(`COUNT=${int(2, 30)}`);
  if (end === "until") {
    const until = start.plus({
      milliseconds: rnd() * start.plus(span).diff(start).as("milliseconds"),
    });
    parts.push(`UNTIL=${until.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}`);
  }
  return {
    rrule: parts.join(";"),
    timezone,
    dtstart,
    horizon: start.plus(span).toFormat("yyyy-LL-dd'T'HH:mm:ss"),
    limit: 40,
  };
}

/** Runs the oracle once over all series (one JSON line each way). */
async function askOracle(python: string, series: readonly Series[]): Promise<OracleAnswer[]> {
  const child = spawn(python, [ORACLE], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, PYTHONTZPATH: "" }, // zones from the pinned tzdata package only
  });
  const answers: OracleAnswer[] = [];
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => answers.push(JSON.parse(line) as OracleAnswer));
  child.stdin!.end(series.map((s) => JSON.stringify(s)).join("\n") + "\n");
  const [code] = await once(child, "close");
  if (code !== 0) throw new Error(`the dateutil oracle exited with ${code}`);
  return answers;
}

interface Check {
  readonly series: Series;
  readonly exdates: string[];
  readonly completed: { dueAt: string; occurrence: number; instance?: string };
  readonly completedAt: string;
  /** The oracle's answer: due instant and position, `null` for "ended", undefined for "past its horizon". */
  readonly expected: { dueAt: string; occurrence: number } | null | undefined;
}

describe("nextOccurrence against python-dateutil", () => {
  const checks: Check[] = [];
  const refused: Series[] = [];
  let oracleErrors: string[] = [];

  beforeAll(async () => {
    const python = await ensureDateutil({ install: false });
    const t0 = performance.now();
    const all = Array.from({ length: SERIES }, generateSeries);
    process.stderr.write(`[differential] generated ${(performance.now() - t0).toFixed(0)} ms\n`);
    // Rules that never produce a further instance are refused at creation (unit-tested).
    const series = all.filter((s) => {
      try {
        validateRecurrence(s, s.dtstart);
        return true;
      } catch {
        refused.push(s);
        return false;
      }
    });
    const t1 = performance.now();
    const answers = await askOracle(python, series);
    process.stderr.write(`[differential] oracle ${(performance.now() - t1).toFixed(0)} ms\n`);
    oracleErrors = answers.flatMap((a, i) => (a.error ? [`${series[i]!.rrule}: ${a.error}`] : []));
    series.forEach((s, i) => {
      const answer = answers[i]!;
      if (!answer.instances) return;
      checks.push(...checksOf(s, answer.instances, answer.complete!));
    });
  }, 300_000);

  it("refuses only rules the oracle finds no further instance of (a sample)", async () => {
    // dateutil searches a rule without instances up to year 9999: give each case 2 s.
    const sample = refused.slice(0, 15).map((s) => ({
      ...s,
      seconds: 2,
      rrule: s.rrule.replace(/;(COUNT|UNTIL)=[^;]*/, ""),
    }));
    const answers = await askOracle(await ensureDateutil({ install: false }), sample);
    const produced = answers.flatMap((a, i) =>
      a.instances && a.instances.length > 1
        ? [`${sample[i]!.rrule} from ${sample[i]!.dtstart}`]
        : [],
    );
    expect(produced).toEqual([]);
  }, 300_000);

  it("agrees on every generated series (the rate is printed)", () => {
    const disagreements: string[] = [];
    let decided = 0;
    let slowest = { ms: 0, rrule: "" };
    for (const check of checks) {
      if (check.expected === undefined) continue; // the oracle stopped at its horizon first
      decided++;
      const started = performance.now();
      const got = nextOccurrence(
        { rrule: check.series.rrule, timezone: check.series.timezone, exdates: check.exdates },
        check.series.dtstart,
        { ...check.completed, dueAt: new Date(check.completed.dueAt) },
        new Date(check.completedAt),
      );
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { ms, rrule: check.series.rrule };
      const actual = got && {
        dueAt: got.dueAt.toISOString().replace(".000", ""),
        occurrence: got.occurrence,
      };
      if (JSON.stringify(actual) !== JSON.stringify(check.expected)) {
        disagreements.push(
          `${JSON.stringify({ ...check.series, exdates: check.exdates, completed: check.completed, completedAt: check.completedAt })}\n    expected ${JSON.stringify(check.expected)}, got ${JSON.stringify(actual)}`,
        );
      }
    }
    const rate = ((decided - disagreements.length) / decided) * 100;
    process.stdout.write(
      `[differential] ${SERIES} series (${refused.length} refused as never producing, ${oracleErrors.length} without an oracle answer), ` +
        `${decided} checks decided by python-dateutil: ${decided - disagreements.length} agree (${rate.toFixed(2)} %); ` +
        `slowest call ${slowest.ms.toFixed(1)} ms (${slowest.rrule})\n`,
    );
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(oracleErrors).toEqual([]);
    expect(decided).toBeGreaterThan(SERIES * 3);
  });
});

/** Completions of a series with the answer the oracle's recurrence set gives for each. */
function checksOf(series: Series, instances: [string, string][], complete: boolean): Check[] {
  const exdates =
    rnd() < 0.2 && instances.length > 2
      ? some(
          instances.slice(1).map((i) => i[0]),
          2,
        )
      : [];
  const excluded = new Set(exdates);
  const checks: Check[] = [];
  const expectedAfter = (index: number, thresholdMs: number) => {
    for (let i = index + 1; i < instances.length; i++) {
      const [local, utc] = instances[i]!;
      if (Date.parse(utc) > thresholdMs && !excluded.has(local))
        return { dueAt: utc, occurrence: i + 1 };
    }
    return complete ? null : undefined;
  };
  const completions = Math.min(instances.length, 8);
  for (let k = 0; k < completions; k++) {
    if (excluded.has(instances[k]![0])) continue;
    const [local, utc] = instances[k]!;
    const withInstance = rnd() < 0.5;
    const base = { occurrence: k + 1, ...(withInstance ? { instance: local } : {}) };
    // Completed on time.
    checks.push({
      series,
      exdates,
      completed: { ...base, dueAt: utc },
      completedAt: utc,
      expected: expectedAfter(k, Date.parse(utc)),
    });
    // Due date moved, and completed late.
    const moved = new Date(
      Date.parse(utc) + int(-3, 3) * 3_600_000 * (rnd() < 0.5 ? 1 : 24),
    ).toISOString();
    const late = new Date(Date.parse(utc) + rnd() * 10 * 86_400_000).toISOString();
    const thresholdMs = Math.max(Date.parse(moved), Date.parse(late));
    checks.push({
      series,
      exdates,
      completed: { ...base, dueAt: moved },
      completedAt: late,
      expected: expectedAfter(k, thresholdMs),
    });
  }
  return checks;
}
