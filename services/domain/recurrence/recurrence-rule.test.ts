import { describe, expect, it } from "vitest";
import {
  localDateTime,
  parseRecurrence,
  RecurrenceError,
  validateRecurrence,
} from "./recurrence-rule.js";

describe("parseRecurrence", () => {
  it("fails on an unknown time zone, naming the field", () => {
    expect(() => parseRecurrence({ rrule: "FREQ=DAILY", timezone: "Mars/Olympus" })).toThrow(
      RecurrenceError,
    );
    try {
      parseRecurrence({ rrule: "FREQ=DAILY", timezone: "Mars/Olympus" });
    } catch (err) {
      expect((err as RecurrenceError).field).toBe("timezone");
    }
  });

  it("fails on a rule without FREQ", () => {
    expect(() => parseRecurrence({ rrule: "BYDAY=MO", timezone: "UTC" })).toThrow(/FREQ/);
  });

  it("fails on DTSTART inside the rule", () => {
    expect(() =>
      parseRecurrence({ rrule: "DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY", timezone: "UTC" }),
    ).toThrow(/due_at/);
  });

  it("fails on a malformed EXDATE", () => {
    expect(() =>
      parseRecurrence({ rrule: "FREQ=DAILY", timezone: "UTC", exdates: ["tomorrow"] }),
    ).toThrow(/exdates|local/);
  });
});

describe("localDateTime", () => {
  it("renders an instant as wall-clock time in the zone", () => {
    expect(localDateTime(new Date("2026-07-01T07:00:00Z"), "Europe/Berlin")).toBe(
      "2026-07-01T09:00:00",
    );
  });
});

describe("validateRecurrence", () => {
  const start = "2026-03-02T10:00:00"; // an even hour
  const reason = (rrule: string, dtstart = start) => {
    try {
      validateRecurrence({ rrule, timezone: "Europe/Berlin" }, dtstart);
    } catch (err) {
      expect(err).toBeInstanceOf(RecurrenceError);
      expect((err as RecurrenceError).field).toBe("rrule");
      return (err as Error).message;
    }
    return "accepted";
  };

  // Repro 7 of the issue: accepted before, then hung, threw or ran unbounded at completion.
  it.each([
    ["FREQ=DAILY;INTERVAL=abc", /INTERVAL: 'ABC' is not a positive integer/],
    ["FREQ=DAILY;INTERVAL=-1", /INTERVAL: '-1' is not a positive integer/],
    ["FREQ=DAILY;INTERVAL=0", /INTERVAL: '0' is not a positive integer/],
    ["FREQ=DAILY;COUNT=0", /COUNT: '0' is not a positive integer/],
    ["FREQ=DAILY;COUNT=abc", /COUNT: 'ABC' is not a positive integer/],
    ["FREQ=WEEKLY;BYDAY=XX", /BYDAY: 'XX' is not a weekday/],
    ["FREQ=3", /FREQ: '3' is not one of/],
    ["FREQ=DAILY;BYHOUR=24", /BYHOUR: '24' is not in 0..23/],
    ["FREQ=HOURLY;INTERVAL=2;BYHOUR=1", /produces no instance after due_at/],
    ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", /produces no instance after due_at/],
  ])("rejects %s, naming the part", (rrule, message) => {
    expect(reason(rrule)).toMatch(message);
  });

  it.each([
    ["FREQ=DAILY;BYMINUTE=60", /BYMINUTE: '60' is not in 0..59/],
    ["FREQ=DAILY;BYSECOND=61", /BYSECOND: '61' is not in 0..60/],
    ["FREQ=MONTHLY;BYMONTHDAY=0", /BYMONTHDAY: '0' is not in 1..31 or -31..-1/],
    ["FREQ=MONTHLY;BYMONTHDAY=32", /BYMONTHDAY/],
    ["FREQ=YEARLY;BYYEARDAY=367", /BYYEARDAY/],
    ["FREQ=YEARLY;BYWEEKNO=54", /BYWEEKNO/],
    ["FREQ=YEARLY;BYMONTH=13", /BYMONTH: '13' is not in 1..12/],
    ["FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", /BYSETPOS/],
    ["FREQ=MONTHLY;BYDAY=6MO0", /BYDAY/],
    ["FREQ=MONTHLY;BYDAY=54MO", /BYDAY: '54MO': the ordinal/],
    ["FREQ=WEEKLY;WKST=XX", /WKST/],
    ["FREQ=DAILY;FREQ=WEEKLY", /FREQ: must not occur more than once/],
    ["FREQ=DAILY;COUNT=2;UNTIL=20300101T000000Z", /COUNT and UNTIL must not both be set/],
    ["FREQ=DAILY;UNTIL=20300101", /UNTIL: '20300101' is not a UTC date-time/],
    ["FREQ=DAILY;UNTIL=20300101T000000", /UNTIL: .* is not a UTC date-time/],
    ["FREQ=DAILY;UNTIL=20300230T000000Z", /UNTIL: '20300230T000000Z' is not a valid date-time/],
    ["FREQ=WEEKLY;BYMONTHDAY=1", /BYMONTHDAY: is not allowed with FREQ=WEEKLY/],
    ["FREQ=MONTHLY;BYYEARDAY=1", /BYYEARDAY: is not allowed with FREQ=MONTHLY/],
    ["FREQ=MONTHLY;BYWEEKNO=1", /BYWEEKNO: is not allowed with FREQ=MONTHLY/],
    ["FREQ=DAILY;BYDAY=1MO", /BYDAY: ordinals .* only with FREQ=MONTHLY or YEARLY/],
    ["FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO", /BYDAY: ordinals .* not allowed with BYWEEKNO/],
    ["FREQ=DAILY;BYSETPOS=1", /BYSETPOS: must be used together with another BYxxx/],
    ["FREQ=DAILY;X-NAME=1", /X-NAME: is not an RFC 5545 rule part/],
    ["FREQ=DAILY;;COUNT=2", /empty rule part/],
    ["FREQ=DAILY;COUNT", /COUNT: needs a value/],
    ["BYDAY=MO", /FREQ is required/],
    ["FREQ=SECONDLY;BYSECOND=60", /produces no instance/],
    ["FREQ=MONTHLY;INTERVAL=12;BYMONTH=2", /produces no instance/], // from March: never February
    ["FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", /produces no instance/], // 2026+4k: no leap year
    ["FREQ=DAILY;INTERVAL=7;BYDAY=TU", /produces no instance/], // from a Monday
  ])("rejects %s", (rrule, message) => {
    expect(reason(rrule)).toMatch(message);
  });

  it.each([
    "FREQ=HOURLY;INTERVAL=2;BYHOUR=1", // from an odd hour
    "FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=29", // 2028+2k: the leap years among them
  ])("accepts %s when the start puts it in phase", (rrule) => {
    expect(reason(rrule, "2028-03-01T09:00:00")).toBe("accepted");
  });

  it.each([
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;WKST=SU",
    "freq=monthly;byday=-1fr",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
    "FREQ=MINUTELY;INTERVAL=15;BYHOUR=9,10,11",
    "FREQ=DAILY;COUNT=1",
    "FREQ=DAILY;UNTIL=20260302T090000Z",
    "FREQ=SECONDLY;INTERVAL=999999999999999",
  ])("accepts %s", (rrule) => {
    expect(reason(rrule)).toMatch(/accepted|produces no instance/);
  });

  it("answers every rejected never-producing rule within milliseconds", () => {
    const started = performance.now();
    for (const rrule of [
      "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
      "FREQ=HOURLY;INTERVAL=2;BYHOUR=1",
      "FREQ=DAILY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=30",
      "FREQ=SECONDLY;INTERVAL=7;BYHOUR=1;BYMINUTE=1;BYSECOND=1,2",
    ])
      reason(rrule);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
