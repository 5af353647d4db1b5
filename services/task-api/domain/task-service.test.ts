import { describe, expect, it } from "vitest";
import { ProblemError } from "../../runtime/problem.js";
import { taskInputSchema } from "./task-input.js";
import { deriveFields } from "./task-service.js";

const fresh = {
  id: "5f0c3c58-8a43-4d7f-9d41-2b8f6f3f2a11",
  series_id: null,
  occurrence: null,
  recurrence: null,
  due_at: null,
};
/** What deriveFields makes of a task titled "t" with `body` (validated as the API does), replacing `current`. */
const derive = (body: object, current: Parameters<typeof deriveFields>[1] = fresh) =>
  deriveFields(taskInputSchema.parse({ title: "t", ...body }), current);
/** A body with a due date and a recurrence rule. */
const recurring = (due_at: string, rrule: string, timezone = "UTC") => ({
  due_at,
  recurrence: { rrule, timezone },
});
const DUE = "2030-01-01T00:00:00Z";

describe("deriveFields", () => {
  it("computes remind_at from due_at and remind_before", () => {
    const fields = derive({ due_at: "2030-01-01T10:00:00+01:00", remind_before: "P1DT2H" });
    expect(fields.due_at).toBe("2030-01-01T09:00:00.000Z");
    expect(fields.remind_at).toBe("2029-12-31T07:00:00.000Z");
  });

  it("starts a series at the task with its local start time", () => {
    const fields = derive(recurring("2030-07-01T07:00:00Z", "FREQ=DAILY", "Europe/Berlin"));
    expect(fields).toMatchObject({
      series_id: fresh.id,
      occurrence: 1,
      recurrence: { dtstart: "2030-07-01T09:00:00", instance: "2030-07-01T09:00:00" },
    });
  });

  it("keeps the occurrence's instance when its due_at moves", () => {
    const current = {
      id: "b",
      series_id: "a",
      occurrence: 2,
      due_at: "2030-01-02T09:00:00.000Z",
      recurrence: {
        rrule: "FREQ=DAILY",
        timezone: "UTC",
        dtstart: "2030-01-01T09:00:00",
        instance: "2030-01-02T09:00:00",
      },
    };
    const fields = derive(recurring("2030-01-02T15:00:00Z", "FREQ=DAILY"), current);
    expect(fields.recurrence).toEqual(current.recurrence);
  });

  it("keeps the series when the rule is unchanged", () => {
    const current = {
      id: "b",
      series_id: "a",
      occurrence: 4,
      due_at: null,
      recurrence: { rrule: "FREQ=DAILY", timezone: "UTC", dtstart: "2030-01-01T09:00:00" },
    };
    const fields = derive(recurring("2030-01-05T09:00:00Z", "FREQ=DAILY"), current);
    expect(fields).toMatchObject({
      series_id: "a",
      occurrence: 4,
      recurrence: { dtstart: "2030-01-01T09:00:00" },
    });
  });

  it.each([
    [{ remind_before: "PT5M" }, "remind_before"],
    [{ recurrence: { rrule: "FREQ=DAILY", timezone: "UTC" } }, "recurrence"],
    [recurring(DUE, "FREQ=DAILY", "Nowhere/City"), "recurrence.timezone"],
    [recurring(DUE, "FREQ=DAILY;BYHOUR=24"), "recurrence.rrule"],
    [recurring(DUE, "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"), "recurrence.rrule"],
    [{ due_at: DUE, remind_before: "P100000Y" }, "remind_before"],
    [{ due_at: "0001-01-01T00:00:00Z", remind_before: "P1Y" }, "remind_before"],
    [{ due_at: DUE, remind_before: "PT99999999999999999H" }, "remind_before"],
  ])("fails with 400 naming the field for %j", (body, field) => {
    try {
      derive(body);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ProblemError);
      expect((err as ProblemError).errors.map((e) => e.field)).toContain(field);
    }
  });
});
