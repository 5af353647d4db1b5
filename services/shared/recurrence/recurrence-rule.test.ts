import { describe, expect, it } from "vitest";
import {
  localDateTime,
  nextOccurrence,
  parseRecurrence,
  RecurrenceError,
} from "./recurrence-rule.js";

const berlinWeekly = { rrule: "FREQ=WEEKLY;BYDAY=MO", timezone: "Europe/Berlin" };

describe("nextOccurrence", () => {
  it("keeps the local wall-clock time across the spring DST change (Europe/Berlin)", () => {
    // Monday 2026-03-23 09:00 CET (+01:00); DST starts Sunday 2026-03-29.
    const due = new Date("2026-03-23T08:00:00Z");
    const next = nextOccurrence(
      berlinWeekly,
      "2026-03-02T09:00:00",
      { dueAt: due, occurrence: 4 },
      due,
    );
    expect(next).toEqual({ dueAt: new Date("2026-03-30T07:00:00Z"), occurrence: 5 }); // 09:00 CEST
  });

  it("keeps the local wall-clock time across the autumn DST change", () => {
    const due = new Date("2026-10-19T07:00:00Z"); // Monday 09:00 CEST; DST ends 2026-10-25
    const next = nextOccurrence(
      berlinWeekly,
      "2026-10-05T09:00:00",
      { dueAt: due, occurrence: 3 },
      due,
    );
    expect(next?.dueAt).toEqual(new Date("2026-10-26T08:00:00Z")); // 09:00 CET
  });

  it("takes the first instance after the completion time when completed late", () => {
    const due = new Date("2026-03-02T08:00:00Z");
    const completedAt = new Date("2026-03-17T10:00:00Z"); // two Mondays missed
    const next = nextOccurrence(
      berlinWeekly,
      "2026-03-02T09:00:00",
      { dueAt: due, occurrence: 1 },
      completedAt,
    );
    expect(next).toEqual({ dueAt: new Date("2026-03-23T08:00:00Z"), occurrence: 4 });
  });

  it("takes the first instance after due_at when completed early", () => {
    const due = new Date("2026-03-09T08:00:00Z");
    const next = nextOccurrence(
      berlinWeekly,
      "2026-03-02T09:00:00",
      { dueAt: due, occurrence: 2 },
      new Date("2026-03-01T00:00:00Z"),
    );
    expect(next?.dueAt).toEqual(new Date("2026-03-16T08:00:00Z"));
  });

  it("returns null when COUNT is exhausted", () => {
    const rule = { rrule: "FREQ=DAILY;COUNT=3", timezone: "UTC" };
    const third = new Date("2026-01-03T10:00:00Z");
    expect(
      nextOccurrence(rule, "2026-01-01T10:00:00", { dueAt: third, occurrence: 3 }, third),
    ).toBeNull();
    const second = new Date("2026-01-02T10:00:00Z");
    expect(
      nextOccurrence(rule, "2026-01-01T10:00:00", { dueAt: second, occurrence: 2 }, second),
    ).toEqual({
      dueAt: third,
      occurrence: 3,
    });
  });

  it("counts skipped instances toward COUNT when completed late", () => {
    const rule = { rrule: "FREQ=DAILY;COUNT=3", timezone: "UTC" };
    const first = new Date("2026-01-01T10:00:00Z");
    expect(
      nextOccurrence(
        rule,
        "2026-01-01T10:00:00",
        { dueAt: first, occurrence: 1 },
        new Date("2026-01-05T00:00:00Z"),
      ),
    ).toBeNull();
  });

  it("ends at UNTIL given in UTC", () => {
    const rule = {
      rrule: "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260310T000000Z",
      timezone: "Europe/Berlin",
    };
    const due = new Date("2026-03-09T08:00:00Z");
    expect(
      nextOccurrence(rule, "2026-03-02T09:00:00", { dueAt: due, occurrence: 2 }, due),
    ).toBeNull();
  });

  it("skips EXDATEs but still counts them", () => {
    const rule = {
      rrule: "FREQ=DAILY;COUNT=5",
      timezone: "Europe/Berlin",
      exdates: ["2026-01-02T09:00:00"],
    };
    const first = new Date("2026-01-01T08:00:00Z");
    expect(
      nextOccurrence(rule, "2026-01-01T09:00:00", { dueAt: first, occurrence: 1 }, first),
    ).toEqual({
      dueAt: new Date("2026-01-03T08:00:00Z"),
      occurrence: 3,
    });
  });

  it("keeps several instances per day in order (BYHOUR)", () => {
    const rule = { rrule: "FREQ=DAILY;BYHOUR=9,17;COUNT=4", timezone: "UTC" };
    const morning2 = new Date("2026-01-02T09:00:00Z");
    expect(
      nextOccurrence(rule, "2026-01-01T09:00:00", { dueAt: morning2, occurrence: 3 }, morning2),
    ).toEqual({
      dueAt: new Date("2026-01-02T17:00:00Z"),
      occurrence: 4,
    });
  });

  it("keeps an every-other-week series aligned to its start week", () => {
    const rule = { rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", timezone: "UTC" };
    const thursday = new Date("2026-01-08T09:00:00Z"); // series starts Monday 2026-01-05
    expect(
      nextOccurrence(rule, "2026-01-05T09:00:00", { dueAt: thursday, occurrence: 2 }, thursday)
        ?.dueAt,
    ).toEqual(new Date("2026-01-19T09:00:00Z"));
  });

  it("keeps the day of month for a monthly series", () => {
    const rule = { rrule: "FREQ=MONTHLY", timezone: "America/New_York" };
    const due = new Date("2026-01-31T14:00:00Z"); // 09:00 EST on the 31st
    expect(
      nextOccurrence(rule, "2026-01-31T09:00:00", { dueAt: due, occurrence: 1 }, due)?.dueAt,
    ).toEqual(
      new Date("2026-03-31T13:00:00Z"), // February has no 31st; 09:00 EDT
    );
  });

  it("costs the same for a 20-year-old daily series as for a new one", () => {
    const rule = { rrule: "FREQ=DAILY", timezone: "Europe/Berlin" };
    const due = new Date("2026-06-01T07:00:00Z");
    const old = nextOccurrence(rule, "2006-06-01T09:00:00", { dueAt: due, occurrence: 7306 }, due);
    expect(old).toEqual({ dueAt: new Date("2026-06-02T07:00:00Z"), occurrence: 7307 });
  });
});

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
