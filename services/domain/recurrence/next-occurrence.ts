import type { Recurrence } from "../events/task-snapshot.js";
import { formatLocal, parseLocal } from "./civil-calendar.js";
import { parseRecurrence } from "./recurrence-rule.js";
import { RecurrenceSet } from "./recurrence-set.js";

/** One occurrence of a series. */
export interface Occurrence {
  /** When it is due; the user may have moved it off its instance. */
  readonly dueAt: Date;
  /** 1-based position of its instance in the recurrence set (DTSTART = 1; EXDATEs keep theirs). */
  readonly occurrence: number;
  /**
   * Its instance as local date-time in the series' zone (iCalendar's RECURRENCE-ID).
   * @default - found from `occurrence` by counting from the series start
   */
  readonly instance?: string;
}

/** Latest instant a task can be due at (task-api stores years 1–9999). */
const LATEST_MS = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * The occurrence after completing `completed` at `completedAt`: the first instance of the
 * recurrence set after the completed one whose instant is strictly after the later of its
 * due time and the completion time, skipping EXDATEs. Expanded on the wall clock of the
 * series' zone from its start (`seriesStartLocal`, DTSTART), so 09:00 Europe/Berlin stays
 * 09:00 across DST; a time a DST gap skips moves forward by the gap, an ambiguous one is its
 * first occurrence (RFC 5545 3.3.5), UNTIL compares as an instant. `null` when the series
 * has ended (COUNT, UNTIL, nothing before year 10000).
 */
export function nextOccurrence(
  recurrence: Recurrence,
  seriesStartLocal: string,
  completed: Occurrence,
  completedAt: Date,
): Occurrence | null {
  const { rule, clock, excluded } = parseRecurrence(recurrence);
  const start = parseLocal(seriesStartLocal);
  if (start === undefined)
    throw new Error(`series start '${seriesStartLocal}' is not a local date-time`);
  const set = new RecurrenceSet(rule, start);
  const instance = completed.instance === undefined ? undefined : parseLocal(completed.instance);
  const after =
    instance === undefined
      ? set.locate(completed.occurrence)
      : { local: instance, position: completed.occurrence };
  if (!after) return null;
  const threshold = Math.max(completed.dueAt.getTime(), completedAt.getTime());
  const next = set.next({ after, afterInstant: threshold / 1000, excluded }, clock);
  if (!next || next.instant * 1000 > LATEST_MS) return null;
  return {
    dueAt: new Date(next.instant * 1000),
    occurrence: next.position,
    instance: formatLocal(next.local),
  };
}
