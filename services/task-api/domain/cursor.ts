import { ProblemError } from "../../runtime/problem.js";
import type { SortField } from "./task-input.js";

/** Where a page ended: the sort key of its last row and that row's id (the tie-breaker). */
export interface Cursor {
  readonly sort: SortField;
  readonly order: "asc" | "desc";
  readonly key: string;
  readonly id: string;
}

/** Opaque to clients: base64url JSON. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.key, cursor.id])).toString(
    "base64url",
  );
}

/** Decodes a cursor and checks it belongs to the same sort and order as the request. */
export function decodeCursor(raw: string, sort: SortField, order: "asc" | "desc"): Cursor {
  const bad = (message: string) =>
    new ProblemError(400, "Invalid request", `Invalid query: cursor`, [
      { field: "cursor", message },
    ]);
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw bad("is not a cursor returned by this API");
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== 4 ||
    !parts.every((p) => typeof p === "string") ||
    !/^[0-9a-f-]{36}$/.test(parts[3] as string)
  ) {
    throw bad("is not a cursor returned by this API");
  }
  const [s, o, key, id] = parts as string[];
  if (s !== sort || o !== order)
    throw bad(`was issued for sort=${s}&order=${o}; repeat the same sort and order`);
  if (sort === "priority" && !/^[123]$/.test(key!))
    throw bad("is not a cursor returned by this API");
  if (
    (sort === "created_at" || sort === "due_at") &&
    !/^(-?infinity|[0-9][0-9 :.+-]{9,40})$/.test(key!)
  ) {
    throw bad("is not a cursor returned by this API");
  }
  return { sort, order, key: key!, id: id! };
}
