import { DateTime, IANAZone } from "luxon";
import rrule from "rrule";
import type { Options } from "rrule";
import type { Recurrence } from "../events/task-snapshot.js";

const { RRule, Frequency } = rrule;

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

/** One occurrence of a series: when it is due and its 1-based position (RRULE COUNT). */
export interface Occurrence {
  readonly dueAt: Date;
  readonly occurrence: number;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const MAX_ITERATIONS = 200_000;

/**
 * Checks a recurrence as the API accepts it: an RRULE body (no DTSTART: the task's due_at
 * starts the series), a known IANA zone, and local EXDATEs. Returns the parsed rule options.
 */
export function parseRecurrence(recurrence: Recurrence): Partial<Options> {
  if (!IANAZone.isValidZone(recurrence.timezone)) {
    throw new RecurrenceError("timezone", `'${recurrence.timezone}' is not an IANA time zone`);
  }
  const body = recurrence.rrule.replace(/^RRULE:/i, "").trim();
  if (/DTSTART|TZID|\n/i.test(body)) {
    throw new RecurrenceError(
      "rrule",
      "give only the RRULE parts (FREQ=...;...); due_at is the series start",
    );
  }
  let options: Partial<Options>;
  try {
    options = RRule.parseString(body);
  } catch (err) {
    throw new RecurrenceError("rrule", `not an RFC 5545 RRULE: ${(err as Error).message}`);
  }
  if (options.freq === undefined) throw new RecurrenceError("rrule", "FREQ is required");
  if (options.count !== undefined && options.count !== null && options.until) {
    throw new RecurrenceError("rrule", "COUNT and UNTIL must not both be set (RFC 5545)");
  }
  for (const exdate of recurrence.exdates ?? []) {
    if (!LOCAL_DATE_TIME.test(exdate) || !DateTime.fromISO(exdate).isValid) {
      throw new RecurrenceError(
        "exdates",
        `'${exdate}' is not a local date-time YYYY-MM-DDTHH:mm:ss`,
      );
    }
  }
  // UNTIL in UTC (…Z) is an instant; rrule evaluates in local wall-clock ("floating") time.
  if (options.until && /UNTIL=\d{8}T\d{6}Z/i.test(body)) {
    options.until = toFloating(options.until, recurrence.timezone);
  }
  return options;
}

/** The series start as local wall-clock time, stored with the recurrence (`dtstart`). */
export function localDateTime(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toFormat("yyyy-LL-dd'T'HH:mm:ss");
}

/**
 * The next occurrence after completing `completed` at `completedAt`: the first RRULE instance
 * strictly after the later of its due time and the completion time, evaluated in the series'
 * time zone so a 09:00 Europe/Berlin series stays at 09:00 across DST. `null` when COUNT or
 * UNTIL has ended the series.
 *
 * rrule evaluates "floating" dates (UTC fields = local wall clock). Instead of iterating from
 * the series start (cost grows with the series' age), iteration starts at the local day of the
 * completed occurrence with every default the rule takes from DTSTART made explicit, so a
 * 20-year-old daily series costs the same as a new one.
 */
export function nextOccurrence(
  recurrence: Recurrence,
  seriesStartLocal: string,
  completed: Occurrence,
  completedAt: Date,
): Occurrence | null {
  const tz = recurrence.timezone;
  const options = parseRecurrence(recurrence);
  const dtstart = floatingFromLocal(seriesStartLocal);
  const completedF = toFloating(completed.dueAt, tz);
  const thresholdF = toFloating(
    new Date(Math.max(completed.dueAt.getTime(), completedAt.getTime())),
    tz,
  );
  const excluded = new Set((recurrence.exdates ?? []).map((d) => floatingFromLocal(d).getTime()));

  const reanchor = options.freq! <= Frequency.DAILY;
  const anchor = reanchor
    ? new Date(
        Date.UTC(completedF.getUTCFullYear(), completedF.getUTCMonth(), completedF.getUTCDate()),
      )
    : dtstart;
  const rule = new RRule({
    ...withDtstartDefaults(options, dtstart),
    dtstart: anchor,
    count: null,
  });

  // Positions are counted from the anchor; `before` = instances of the anchor day before the completed one.
  let before = 0;
  let position = -1;
  let found: Date | undefined;
  rule.all((date, i) => {
    if (i > MAX_ITERATIONS) return false;
    if (date.getTime() < completedF.getTime()) before++;
    if (date.getTime() > thresholdF.getTime() && !excluded.has(date.getTime())) {
      found = date;
      position = i;
      return false;
    }
    return true;
  });
  if (!found) return null;
  const occurrence = reanchor ? completed.occurrence - before + position : position + 1;
  if (options.count && occurrence > options.count) return null;
  return { dueAt: fromFloating(found, tz), occurrence };
}

/** rrule fills BYHOUR/BYDAY/... from DTSTART; with a moved anchor those must come from the real start. */
function withDtstartDefaults(options: Partial<Options>, dtstart: Date): Partial<Options> {
  const o = { ...options };
  const empty = (v: unknown) =>
    v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  if (empty(o.byhour)) o.byhour = [dtstart.getUTCHours()];
  if (empty(o.byminute)) o.byminute = [dtstart.getUTCMinutes()];
  if (empty(o.bysecond)) o.bysecond = [dtstart.getUTCSeconds()];
  const noDayRule =
    empty(o.byweekno) && empty(o.byyearday) && empty(o.bymonthday) && empty(o.byweekday);
  if (o.freq === Frequency.WEEKLY && empty(o.byweekday)) {
    o.byweekday = [(dtstart.getUTCDay() + 6) % 7];
  } else if (o.freq === Frequency.MONTHLY && noDayRule) {
    o.bymonthday = [dtstart.getUTCDate()];
  } else if (o.freq === Frequency.YEARLY && noDayRule) {
    if (empty(o.bymonth)) o.bymonth = [dtstart.getUTCMonth() + 1];
    o.bymonthday = [dtstart.getUTCDate()];
  }
  return o;
}

function toFloating(instant: Date, timezone: string): Date {
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  return new Date(
    Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second),
  );
}

function floatingFromLocal(local: string): Date {
  return new Date(`${local}Z`);
}

/** Local wall clock → instant. A time that DST skips (e.g. 02:30 on the spring-forward day) moves forward by the gap. */
function fromFloating(floating: Date, timezone: string): Date {
  return DateTime.fromObject(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
      second: floating.getUTCSeconds(),
    },
    { zone: timezone },
  ).toJSDate();
}
