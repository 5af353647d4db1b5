import { secondsOfFields, WEEKDAYS } from "./civil-calendar.js";

/** FREQ values, finest first: their index orders them. */
export const FREQUENCIES = [
  "SECONDLY",
  "MINUTELY",
  "HOURLY",
  "DAILY",
  "WEEKLY",
  "MONTHLY",
  "YEARLY",
] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** One BYDAY entry: a weekday (0 = Monday) and, for MONTHLY/YEARLY, an optional ordinal (`-1FR`). */
export interface WeekdayNum {
  readonly weekday: number;
  readonly ordinal?: number;
}

/** A parsed, validated RFC 5545 RRULE (3.3.10). Lists are sorted and without duplicates. */
export interface RRule {
  readonly freq: Frequency;
  readonly interval: number;
  readonly count?: number;
  /** UNTIL as an instant (epoch seconds). */
  readonly until?: number;
  readonly bySecond?: readonly number[];
  readonly byMinute?: readonly number[];
  readonly byHour?: readonly number[];
  readonly byDay?: readonly WeekdayNum[];
  readonly byMonthDay?: readonly number[];
  readonly byYearDay?: readonly number[];
  readonly byWeekNo?: readonly number[];
  readonly byMonth?: readonly number[];
  readonly bySetPos?: readonly number[];
  /** Week start, 0 = Monday (the default). */
  readonly wkst: number;
}

/** An RRULE that RFC 5545 does not allow; `part` names the rule part (`BYHOUR`) when there is one. */
export class RRuleSyntaxError extends Error {
  constructor(
    message: string,
    readonly part?: string,
  ) {
    super(part ? `${part}: ${message}` : message);
    this.name = "RRuleSyntaxError";
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Signed integer lists: the allowed magnitude, and whether the sign is allowed (0 is never). */
const SIGNED_LISTS = {
  BYMONTHDAY: { key: "byMonthDay", max: 31 },
  BYYEARDAY: { key: "byYearDay", max: 366 },
  BYWEEKNO: { key: "byWeekNo", max: 53 },
  BYSETPOS: { key: "bySetPos", max: 366 },
} as const;
const UNSIGNED_LISTS = {
  BYSECOND: { key: "bySecond", min: 0, max: 60 },
  BYMINUTE: { key: "byMinute", min: 0, max: 59 },
  BYHOUR: { key: "byHour", min: 0, max: 23 },
  BYMONTH: { key: "byMonth", min: 1, max: 12 },
} as const;

/**
 * Which FREQ each BYxxx part may go with (RFC 5545 3.3.10, the table "N/A" cells and the
 * BYDAY/BYSETPOS rules); the rest of the table is applied by the expansion.
 */
const NOT_WITH: Partial<Record<string, readonly Frequency[]>> = {
  BYMONTHDAY: ["WEEKLY"],
  BYYEARDAY: ["DAILY", "WEEKLY", "MONTHLY"],
  BYWEEKNO: ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY"],
};

const UINT = /^\d{1,15}$/;
const SINT = /^[+-]?\d{1,15}$/;
const UNTIL_UTC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const WEEKDAY_NUM = /^([+-]?\d{1,2})?([A-Z]{2})$/;

/**
 * Parses the RRULE value (`FREQ=...;...`, optionally prefixed `RRULE:`) strictly: each part
 * once, every value in its RFC 5545 range, only the combinations RFC 5545 allows. UNTIL must
 * be UTC (`...Z`): the series start is a zoned local time (RFC 5545 3.3.10).
 * @throws RRuleSyntaxError naming the offending part.
 */
export function parseRRule(text: string): RRule {
  const body = text.replace(/^RRULE:/i, "").trim();
  if (!body) throw new RRuleSyntaxError("is empty; give at least FREQ, e.g. FREQ=WEEKLY;BYDAY=MO");
  if (/DTSTART|TZID|\n/i.test(body))
    throw new RRuleSyntaxError(
      "give only the RRULE parts (FREQ=...;...); due_at is the series start",
    );
  const seen = new Set<string>();
  const rule: Partial<Mutable<RRule>> = { interval: 1, wkst: 0 };
  for (const item of body.split(";")) {
    const eq = item.indexOf("=");
    const name = (eq < 0 ? item : item.slice(0, eq)).trim().toUpperCase();
    const value =
      eq < 0
        ? ""
        : item
            .slice(eq + 1)
            .trim()
            .toUpperCase();
    if (!name)
      throw new RRuleSyntaxError("has an empty rule part (two ';' in a row or a trailing ';')");
    if (seen.has(name)) throw new RRuleSyntaxError("must not occur more than once", name);
    seen.add(name);
    if (eq < 0 || !value) throw new RRuleSyntaxError("needs a value (NAME=VALUE)", name);
    parsePart(rule, name, value);
  }
  if (!rule.freq) throw new RRuleSyntaxError("FREQ is required, e.g. FREQ=DAILY", "FREQ");
  checkCombinations(rule as RRule);
  return rule as RRule;
}

function parsePart(rule: Partial<Mutable<RRule>>, name: string, value: string): void {
  if (name === "FREQ") {
    if (!(FREQUENCIES as readonly string[]).includes(value))
      throw new RRuleSyntaxError(`'${value}' is not one of ${FREQUENCIES.join(", ")}`, name);
    rule.freq = value as Frequency;
  } else if (name === "INTERVAL" || name === "COUNT") {
    const n = Number(value);
    if (!UINT.test(value) || n < 1)
      throw new RRuleSyntaxError(`'${value}' is not a positive integer`, name);
    rule[name === "COUNT" ? "count" : "interval"] = n;
  } else if (name === "UNTIL") {
    rule.until = parseUntil(value);
  } else if (name === "WKST") {
    const weekday = WEEKDAYS.indexOf(value as (typeof WEEKDAYS)[number]);
    if (weekday < 0)
      throw new RRuleSyntaxError(`'${value}' is not one of ${WEEKDAYS.join(", ")}`, name);
    rule.wkst = weekday;
  } else if (name === "BYDAY") {
    rule.byDay = parseList(name, value, (v) => parseWeekdayNum(v));
  } else if (name in UNSIGNED_LISTS) {
    const { key, min, max } = UNSIGNED_LISTS[name as keyof typeof UNSIGNED_LISTS];
    rule[key] = sorted(
      parseList(name, value, (v) => {
        const n = Number(v);
        if (!UINT.test(v) || n < min || n > max)
          throw new RRuleSyntaxError(`'${v}' is not in ${min}..${max}`, name);
        return n;
      }),
    );
  } else if (name in SIGNED_LISTS) {
    const { key, max } = SIGNED_LISTS[name as keyof typeof SIGNED_LISTS];
    rule[key] = sorted(
      parseList(name, value, (v) => {
        const n = Number(v);
        if (!SINT.test(v) || n === 0 || Math.abs(n) > max)
          throw new RRuleSyntaxError(`'${v}' is not in 1..${max} or -${max}..-1`, name);
        return n;
      }),
    );
  } else {
    throw new RRuleSyntaxError("is not an RFC 5545 rule part", name);
  }
}

function parseList<T>(name: string, value: string, parse: (v: string) => T): T[] {
  return value.split(",").map((v) => {
    if (!v.trim()) throw new RRuleSyntaxError("has an empty list element", name);
    return parse(v.trim());
  });
}

function sorted(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function parseWeekdayNum(v: string): WeekdayNum {
  const m = WEEKDAY_NUM.exec(v);
  const weekday = m ? WEEKDAYS.indexOf(m[2] as (typeof WEEKDAYS)[number]) : -1;
  if (!m || weekday < 0)
    throw new RRuleSyntaxError(
      `'${v}' is not a weekday (${WEEKDAYS.join(", ")}), optionally with an ordinal like 1MO or -1FR`,
      "BYDAY",
    );
  if (m[1] === undefined) return { weekday };
  const ordinal = Number(m[1]);
  if (ordinal === 0 || Math.abs(ordinal) > 53)
    throw new RRuleSyntaxError(`'${v}': the ordinal must be in 1..53 or -53..-1`, "BYDAY");
  return { weekday, ordinal };
}

function parseUntil(value: string): number {
  const m = UNTIL_UTC.exec(value);
  if (!m)
    throw new RRuleSyntaxError(
      `'${value}' is not a UTC date-time like 20261231T235959Z (RFC 5545: with a zoned series start, UNTIL is UTC)`,
      "UNTIL",
    );
  // UTC admits a leap second.
  const seconds = secondsOfFields(m.slice(1), 60);
  if (seconds === undefined)
    throw new RRuleSyntaxError(`'${value}' is not a valid date-time`, "UNTIL");
  return seconds;
}

function checkCombinations(rule: RRule): void {
  if (rule.count !== undefined && rule.until !== undefined)
    throw new RRuleSyntaxError("COUNT and UNTIL must not both be set", "COUNT");
  const given: Record<string, unknown> = {
    BYMONTHDAY: rule.byMonthDay,
    BYYEARDAY: rule.byYearDay,
    BYWEEKNO: rule.byWeekNo,
  };
  for (const [part, freqs] of Object.entries(NOT_WITH)) {
    if (given[part] && freqs!.includes(rule.freq))
      throw new RRuleSyntaxError(`is not allowed with FREQ=${rule.freq}`, part);
  }
  if (rule.byDay?.some((d) => d.ordinal !== undefined)) {
    if (rule.freq !== "MONTHLY" && rule.freq !== "YEARLY")
      throw new RRuleSyntaxError(
        `ordinals (like 1MO) are allowed only with FREQ=MONTHLY or YEARLY, not ${rule.freq}`,
        "BYDAY",
      );
    if (rule.freq === "YEARLY" && rule.byWeekNo)
      throw new RRuleSyntaxError("ordinals (like 1MO) are not allowed with BYWEEKNO", "BYDAY");
  }
  if (rule.bySetPos) {
    const others = [
      rule.bySecond,
      rule.byMinute,
      rule.byHour,
      rule.byDay,
      rule.byMonthDay,
      rule.byYearDay,
      rule.byWeekNo,
      rule.byMonth,
    ];
    if (!others.some((o) => o !== undefined))
      throw new RRuleSyntaxError("must be used together with another BYxxx rule part", "BYSETPOS");
  }
}
