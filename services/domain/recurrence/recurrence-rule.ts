import type { Recurrence } from "../events/task-snapshot.js";
import { formatLocal, parseLocal } from "./civil-calendar.js";
import { RecurrenceSet } from "./recurrence-set.js";
import { parseRRule, RRuleSyntaxError, type RRule } from "./rrule-parser.js";
import { isTimeZone, ZoneClock } from "./zone-clock.js";

/** A recurrence that cannot be used, naming the field (`rrule`, `timezone`, `exdates`). */
export class RecurrenceError extends Error {
  constructor(
    readonly field: "rrule" | "timezone" | "exdates",
    message: string,
  ) {
    super(message);
    this.name = "RecurrenceError";
  }
}

/** A recurrence as the expansion needs it. */
export interface ParsedRecurrence {
  readonly rule: RRule;
  readonly clock: ZoneClock;
  /** EXDATEs as local seconds. */
  readonly excluded: ReadonlySet<number>;
}

/**
 * Checks a recurrence as the API accepts it: an RRULE body (no DTSTART: the task's due_at
 * starts the series) valid by RFC 5545, a known IANA zone, and local EXDATEs.
 * @throws RecurrenceError naming the field; for the rule, the message names the rule part.
 */
export function parseRecurrence(recurrence: Recurrence): ParsedRecurrence {
  if (!isTimeZone(recurrence.timezone)) {
    throw new RecurrenceError("timezone", `'${recurrence.timezone}' is not an IANA time zone`);
  }
  let rule: RRule;
  try {
    rule = parseRRule(recurrence.rrule);
  } catch (err) {
    if (!(err instanceof RRuleSyntaxError)) throw err;
    throw new RecurrenceError("rrule", `not a valid RFC 5545 RRULE: ${err.message}`);
  }
  const excluded = new Set<number>();
  for (const exdate of recurrence.exdates ?? []) {
    const local = parseLocal(exdate);
    if (local === undefined) {
      throw new RecurrenceError(
        "exdates",
        `'${exdate}' is not a local date-time YYYY-MM-DDTHH:mm:ss`,
      );
    }
    excluded.add(local);
  }
  return { rule, clock: ZoneClock.of(recurrence.timezone), excluded };
}

/**
 * {@link parseRecurrence}, and that the rule produces at least one instance after the series
 * start (`dtstart`, local): a rule whose parts exclude every date (BYMONTH=2;BYMONTHDAY=30)
 * or whose INTERVAL steps over every match (FREQ=HOURLY;INTERVAL=2;BYHOUR=1 from an even
 * hour) would be a series that silently never continues.
 */
export function validateRecurrence(recurrence: Recurrence, dtstart: string): ParsedRecurrence {
  const parsed = parseRecurrence(recurrence);
  const start = parseLocal(dtstart);
  if (start === undefined) throw new Error(`series start '${dtstart}' is not a local date-time`);
  const unbounded = { ...parsed.rule, count: undefined, until: undefined };
  const second = new RecurrenceSet(unbounded, start).next(
    { after: { local: start, position: 1 }, afterInstant: -Infinity },
    { toInstant: (local) => local, localBefore: (instant) => instant },
  );
  if (!second) {
    throw new RecurrenceError(
      "rrule",
      "this RRULE produces no instance after due_at before the year 10000: its BYxxx parts exclude " +
        "every date, or its INTERVAL steps over every match",
    );
  }
  return parsed;
}

/** The series start as local wall-clock time, stored with the recurrence (`dtstart`). */
export function localDateTime(instant: Date, timezone: string): string {
  return formatLocal(ZoneClock.of(timezone).toLocal(instant.getTime()));
}
