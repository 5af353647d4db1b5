/**
 * Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), the
 * units recurrence expansion works in. Local wall-clock time is "local seconds": seconds
 * since 1970-01-01T00:00:00 on the wall clock, with no zone attached.
 */

export const SECONDS_PER_DAY = 86_400;

/** Weekdays as RFC 5545 spells them, Monday = 0 (the order of their indices here). */
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

export interface CivilDate {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
}

/** Day number of a civil date (H. Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Civil date of a day number (H. Hinnant's civil_from_days). */
export function civilDate(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2
    ? isLeapYear(year)
      ? 29
      : 28
    : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** `YYYY-MM-DDTHH:mm:ss` of local seconds. */
export function formatLocal(localSeconds: number): string {
  const days = Math.floor(localSeconds / SECONDS_PER_DAY);
  const { year, month, day } = civilDate(days);
  const s = localSeconds - days * SECONDS_PER_DAY;
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}` +
    `T${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`
  );
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** Local seconds of `YYYY-MM-DDTHH:mm:ss`, or undefined when it is not a valid date-time. */
export function parseLocal(text: string): number | undefined {
  const m = LOCAL_DATE_TIME.exec(text);
  return m ? secondsOfFields(m.slice(1)) : undefined;
}

/**
 * Seconds of a date-time given as its six decimal fields (year, month, day, hour, minute,
 * second), or undefined when they name no valid date-time. `maxSecond` 60 admits a leap second.
 */
export function secondsOfFields(fields: readonly string[], maxSecond = 59): number | undefined {
  const [year, month, day, hour, minute, second] = fields.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return undefined;
  if (hour > 23 || minute > 59 || second > maxSecond) return undefined;
  return dayNumber(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}
