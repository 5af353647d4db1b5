import { describe, expect, it } from "vitest";
import { ProblemError } from "../../runtime/problem.js";
import { decodeCursor, encodeCursor } from "./cursor.js";

const cursor = {
  sort: "title",
  order: "asc",
  key: "buy milk",
  id: "5f0c3c58-8a43-4d7f-9d41-2b8f6f3f2a11",
} as const;

describe("cursor", () => {
  it("round-trips", () => {
    expect(decodeCursor(encodeCursor(cursor), "title", "asc")).toEqual(cursor);
  });

  it.each([
    ["garbage", "%%%"],
    ["another sort", encodeCursor({ ...cursor, sort: "due_at" })],
    ["another order", encodeCursor({ ...cursor, order: "desc" })],
    ["a bad id", encodeCursor({ ...cursor, id: "x" })],
  ])("fails with 400 naming cursor for %s", (_name, raw) => {
    try {
      decodeCursor(raw, "title", "asc");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ProblemError);
      expect((err as ProblemError).errors[0]!.field).toBe("cursor");
    }
  });
});
