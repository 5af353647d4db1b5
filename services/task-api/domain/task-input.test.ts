import { describe, expect, it } from "vitest";
import { taskInputSchema, taskPatchSchema, taskQuerySchema } from "./task-input.js";

/** Field paths of the issues a schema reports for `value`, as the API names them. */
function badFields(
  schema: { safeParse(v: unknown): { error?: { issues: { path: PropertyKey[] }[] } } },
  value: unknown,
): string[] {
  return (schema.safeParse(value).error?.issues ?? []).map((i) => i.path.join("."));
}

describe("taskInputSchema", () => {
  it.each([
    [{ title: "a\u0000b" }, "title"],
    [{ title: "t", description: "\u0000" }, "description"],
    [{ title: "t", tags: ["ok", "b\u0000d"] }, "tags.1"],
    [
      {
        title: "t",
        due_at: "2030-01-01T00:00:00Z",
        recurrence: { rrule: "FREQ=DAILY\u0000", timezone: "UTC" },
      },
      "recurrence.rrule",
    ],
    [{ title: "t", due_at: "0000-01-01T00:00:00Z" }, "due_at"],
    [{ title: "t", due_at: "0001-01-01T00:30:00+01:00" }, "due_at"],
  ])("rejects %j naming the field (Postgres could not store it)", (body, field) => {
    expect(badFields(taskInputSchema, body)).toEqual([field]);
  });

  it("accepts the first and last storable instants", () => {
    expect(badFields(taskInputSchema, { title: "t", due_at: "0001-01-01T00:00:00Z" })).toEqual([]);
    expect(badFields(taskInputSchema, { title: "t", due_at: "9999-12-31T23:59:59Z" })).toEqual([]);
  });
});

describe("taskPatchSchema", () => {
  it("rejects a NUL character in a patched title", () => {
    expect(badFields(taskPatchSchema, { title: "\u0000" })).toEqual(["title"]);
  });

  it("rejects a patch that names no field (issue 12, finding 4)", () => {
    expect(badFields(taskPatchSchema, {})).toEqual([""]);
    expect(badFields(taskPatchSchema, null)).toEqual([""]);
  });

  it("accepts offsets up to ±15:59", () => {
    expect(badFields(taskPatchSchema, { due_at: "2030-01-01T00:00:00+15:59" })).toEqual([]);
    expect(badFields(taskPatchSchema, { due_at: "2030-01-01T00:00:00-15:59" })).toEqual([]);
  });
});

describe("taskQuerySchema", () => {
  it.each([
    [{ q: "a\u0000" }, "q"],
    [{ tag: "\u0000" }, "tag"],
    [{ due_from: "0000-06-01T00:00:00Z" }, "due_from"],
    // Issue 12, finding 3: an offset beyond ±15:59 reached Postgres (500).
    [{ due_from: "2026-01-01T00:00:00+16:00" }, "due_from"],
    [{ due_to: "2026-01-01T00:00:00-23:59" }, "due_to"],
  ])("rejects %j naming the parameter", (query, field) => {
    expect(badFields(taskQuerySchema, query)).toEqual([field]);
  });
});
