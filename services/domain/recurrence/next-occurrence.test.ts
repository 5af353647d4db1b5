import { afterEach, describe, expect, it, vi } from "vitest";
import { nextOccurrence } from "./next-occurrence.js";

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
    expect(next).toMatchObject({ dueAt: new Date("2026-03-30T07:00:00Z"), occurrence: 5 }); // 09:00 CEST
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
    expect(next).toMatchObject({ dueAt: new Date("2026-03-23T08:00:00Z"), occurrence: 4 });
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
    ).toMatchObject({
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
    ).toMatchObject({
      dueAt: new Date("2026-01-03T08:00:00Z"),
      occurrence: 3,
    });
  });

  it("keeps several instances per day in order (BYHOUR)", () => {
    const rule = { rrule: "FREQ=DAILY;BYHOUR=9,17;COUNT=4", timezone: "UTC" };
    const morning2 = new Date("2026-01-02T09:00:00Z");
    expect(
      nextOccurrence(rule, "2026-01-01T09:00:00", { dueAt: morning2, occurrence: 3 }, morning2),
    ).toMatchObject({
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
    expect(old).toMatchObject({ dueAt: new Date("2026-06-02T07:00:00Z"), occurrence: 7307 });
  });
});

/** The repros of the issue "Recurrence that is right by RFC 5545 in every time zone", one per kind. */
describe("nextOccurrence (RFC 5545 repros)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const next = (
    rrule: string,
    timezone: string,
    dtstart: string,
    completed: { dueAt: string; occurrence: number; instance?: string },
    completedAt = completed.dueAt,
  ) =>
    nextOccurrence(
      { rrule, timezone },
      dtstart,
      { ...completed, dueAt: new Date(completed.dueAt) },
      new Date(completedAt),
    );

  /** next() of `completed`, which must not change when it is told the completed `instance`. */
  const nextWithOrWithoutInstance = (
    rrule: string,
    timezone: string,
    dtstart: string,
    completed: { dueAt: string; occurrence: number },
    instance: string,
  ) => {
    const result = next(rrule, timezone, dtstart, completed);
    expect(next(rrule, timezone, dtstart, { ...completed, instance })).toEqual(result);
    return result;
  };

  it("1: FREQ=HOURLY takes BYHOUR/BYMINUTE from DTSTART only where RFC 5545 says (the next hour)", () => {
    expect(
      next("FREQ=HOURLY", "UTC", "2026-01-05T09:00:00", {
        dueAt: "2026-01-05T09:00:00Z",
        occurrence: 1,
      }),
    ).toEqual({
      dueAt: new Date("2026-01-05T10:00:00Z"),
      occurrence: 2,
      instance: "2026-01-05T10:00:00",
    });
  });

  it("2: an ambiguous fall-back time is its first occurrence, whatever season the service runs in", () => {
    for (const now of ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z"]) {
      vi.useFakeTimers({ now: new Date(now), toFake: ["Date"] });
      expect(
        next("FREQ=DAILY", "Europe/Berlin", "2026-10-24T02:30:00", {
          dueAt: "2026-10-24T00:30:00Z",
          occurrence: 1,
        }),
      ).toMatchObject({ dueAt: new Date("2026-10-25T00:30:00Z"), occurrence: 2 }); // 02:30 CEST
      vi.useRealTimers();
    }
  });

  it("3: after the spring-forward day (due moved forward by the gap) the series goes on with #3", () => {
    const completed = { dueAt: "2026-03-29T01:30:00Z", occurrence: 2 }; // 02:30 → 03:30 CEST
    expect(
      nextWithOrWithoutInstance(
        "FREQ=DAILY",
        "Europe/Berlin",
        "2026-03-28T02:30:00",
        completed,
        "2026-03-29T02:30:00",
      ),
    ).toMatchObject({ dueAt: new Date("2026-03-30T00:30:00Z"), occurrence: 3 });
  });

  it("3: a due_at moved off its instance keeps the occurrence numbers (FREQ=WEEKLY;BYDAY=MO)", () => {
    const completed = { dueAt: "2026-03-10T13:00:00Z", occurrence: 2 }; // moved from Monday 03-09 09:00
    expect(
      nextWithOrWithoutInstance(
        "FREQ=WEEKLY;BYDAY=MO",
        "Europe/Berlin",
        "2026-03-02T09:00:00",
        completed,
        "2026-03-09T09:00:00",
      ),
    ).toEqual({
      dueAt: new Date("2026-03-16T08:00:00Z"),
      occurrence: 3,
      instance: "2026-03-16T09:00:00",
    });
  });

  it("4: a moved due_at does not shift the INTERVAL phase (FREQ=DAILY;INTERVAL=7)", () => {
    expect(
      next("FREQ=DAILY;INTERVAL=7", "UTC", "2026-01-05T09:00:00", {
        dueAt: "2026-01-06T09:00:00Z",
        occurrence: 1,
      }),
    ).toMatchObject({ dueAt: new Date("2026-01-12T09:00:00Z"), occurrence: 2 });
  });

  it("5: UNTIL in UTC compares as an instant", () => {
    expect(
      next("FREQ=DAILY;UNTIL=20260329T012959Z", "Europe/Berlin", "2026-03-27T02:30:00", {
        dueAt: "2026-03-28T01:30:00Z",
        occurrence: 2,
      }),
    ).toBeNull();
    expect(
      next("FREQ=DAILY;UNTIL=20260329T013000Z", "Europe/Berlin", "2026-03-27T02:30:00", {
        dueAt: "2026-03-28T01:30:00Z",
        occurrence: 2,
      }),
    ).toMatchObject({ dueAt: new Date("2026-03-29T01:30:00Z"), occurrence: 3 });
  });

  it("6: BYSETPOS=-5 picks the fifth-last Monday, and a DTSTART that does not match is #1", () => {
    const rule = "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-5";
    // January 2026 has four Mondays: DTSTART 01-05 is not an instance of the rule, yet #1.
    const second = next(rule, "UTC", "2026-01-05T09:00:00", {
      dueAt: "2026-01-05T09:00:00Z",
      occurrence: 1,
    });
    expect(second).toMatchObject({ dueAt: new Date("2026-03-02T09:00:00Z"), occurrence: 2 });
    const third = next(rule, "UTC", "2026-01-05T09:00:00", {
      dueAt: "2026-03-02T09:00:00Z",
      occurrence: 2,
      instance: second!.instance,
    });
    expect(third).toMatchObject({ dueAt: new Date("2026-06-01T09:00:00Z"), occurrence: 3 }); // June: 5 Mondays
  });

  it("6: BYSETPOS=1,-4 naming the same Monday yields it once", () => {
    const rule = "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1,-4";
    const start = "2026-01-05T09:00:00";
    const dues: string[] = [];
    let completed = { dueAt: "2026-01-05T09:00:00Z", occurrence: 1, instance: start };
    for (let i = 0; i < 4; i++) {
      const n = next(rule, "UTC", start, completed)!;
      dues.push(`${n.occurrence} ${n.dueAt.toISOString()}`);
      completed = { dueAt: n.dueAt.toISOString(), occurrence: n.occurrence, instance: n.instance! };
    }
    expect(dues).toEqual([
      "2 2026-02-02T09:00:00.000Z", // February: four Mondays, first = fourth-last
      "3 2026-03-02T09:00:00.000Z",
      "4 2026-03-09T09:00:00.000Z", // March: five Mondays
      "5 2026-04-06T09:00:00.000Z",
    ]);
  });

  it("7: a true hourly series started 20 years ago still has a next occurrence, in milliseconds", () => {
    const started = performance.now();
    const result = next("FREQ=HOURLY", "Europe/Berlin", "2006-06-01T09:00:00", {
      dueAt: "2026-06-01T07:00:00Z",
      occurrence: 175_321,
      instance: "2026-06-01T09:00:00",
    });
    expect(result).toMatchObject({ dueAt: new Date("2026-06-01T08:00:00Z"), occurrence: 175_322 });
    // Without the stored instance it is found from the position, counting days, not hours.
    const legacy = next("FREQ=HOURLY", "Europe/Berlin", "2006-06-01T09:00:00", {
      dueAt: "2026-06-01T07:00:00Z",
      occurrence: 175_321,
    });
    expect(legacy).toEqual(result);
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe("nextOccurrence (BYDAY lists)", () => {
  it("joins plain and ordinal weekdays (every Monday and the last Wednesday), as RFC 5545 lists do", () => {
    const rule = { rrule: "FREQ=MONTHLY;BYDAY=MO,-1WE", timezone: "UTC" };
    const dues: string[] = [];
    let completed = {
      dueAt: new Date("2026-04-06T09:00:00Z"),
      occurrence: 1,
      instance: "2026-04-06T09:00:00",
    };
    for (let i = 0; i < 5; i++) {
      const n = nextOccurrence(rule, "2026-04-06T09:00:00", completed, completed.dueAt)!;
      dues.push(n.dueAt.toISOString().slice(0, 10));
      completed = { dueAt: n.dueAt, occurrence: n.occurrence, instance: n.instance! };
    }
    expect(dues).toEqual(["2026-04-13", "2026-04-20", "2026-04-27", "2026-04-29", "2026-05-04"]);
  });
});
