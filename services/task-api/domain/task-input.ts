import { Duration } from "luxon";
import { z } from "zod";
import { PRIORITIES, STATUSES } from "../../domain/events/task-snapshot.js";
import { parseLocal } from "../../domain/recurrence/civil-calendar.js";

/** Postgres rejects year 0 and earlier in ISO form, so stored instants stay within years 1–9999 (UTC). */
export const EARLIEST_INSTANT_MS = Date.parse("0001-01-01T00:00:00Z");
export const LATEST_INSTANT_MS = Date.parse("9999-12-31T23:59:59.999Z");

/** True when `ms` is an instant Postgres stores (years 1–9999 UTC). */
export function isStorableInstant(ms: number): boolean {
  return ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}

/** RFC 3339 date-time with an explicit offset (`Z` or `+01:00`). */
const rfc3339 = z.iso
  .datetime({
    offset: true,
    message: "must be an RFC 3339 date-time with offset, e.g. 2026-03-02T09:00:00Z",
  })
  // Postgres refuses offsets beyond ±15:59 although RFC 3339 allows up to ±23:59.
  .refine((v) => !/[+-](1[6-9]|2\d):\d\d$/.test(v), "offset must lie within -15:59 and +15:59")
  .refine((v) => isStorableInstant(Date.parse(v)), "must lie between years 0001 and 9999 (UTC)");

/** Postgres text cannot hold U+0000; rejecting it keeps such input a 400, not a database error. */
const hasNoNul = (v: string) => !v.includes("\u0000");
const NUL_MESSAGE = "must not contain NUL (U+0000) characters";
const text = () => z.string().refine(hasNoNul, NUL_MESSAGE);

const isoDuration = z.string().refine((v) => {
  const d = Duration.fromISO(v);
  return d.isValid && d.toMillis() > 0;
}, "must be a positive ISO 8601 duration, e.g. PT15M");

const recurrenceInput = z.strictObject({
  rrule: text().min(1).max(500),
  timezone: text().min(1).max(64),
  exdates: z.array(text()).max(366).optional(),
});

const title = text().trim().min(1, "must not be empty").max(200);
const description = text().max(5000);
const priority = z.enum(PRIORITIES);
const tags = z
  .array(text().trim().min(1).max(50))
  .max(20)
  .transform((t) => [...new Set(t)]);

/** Body of `POST /api/{user_id}/tasks` and `PUT .../tasks/{id}` (PUT replaces every field). */
export const taskInputSchema = z.strictObject({
  title,
  description: description.default(""),
  priority: priority.default("medium"),
  tags: tags.default([]),
  due_at: rfc3339.nullable().default(null),
  remind_before: isoDuration.nullable().default(null),
  recurrence: recurrenceInput.nullable().default(null),
});
export type TaskInput = z.output<typeof taskInputSchema>;

/**
 * Body of `PATCH .../tasks/{id}`: only the given fields change; `null` clears an optional one.
 * At least one field: an empty patch would still write a new version and an `updated` event.
 */
export const taskPatchSchema = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    priority: priority.optional(),
    tags: tags.optional(),
    due_at: rfc3339.nullable().optional(),
    remind_before: isoDuration.nullable().optional(),
    recurrence: recurrenceInput.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "must name at least one field to change")
  .meta({ minProperties: 1 });
export type TaskPatch = z.output<typeof taskPatchSchema>;

export const SORT_FIELDS = ["due_at", "priority", "title", "created_at"] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** Query of `GET /api/{user_id}/tasks`. */
export const taskQuerySchema = z
  .strictObject({
    q: text().trim().min(1).max(200).optional(),
    status: z.enum(STATUSES).optional(),
    priority: priority.optional(),
    tag: text().min(1).max(50).optional(),
    due_from: rfc3339.optional(),
    due_to: rfc3339.optional(),
    sort: z.enum(SORT_FIELDS).default("created_at"),
    order: z.enum(["asc", "desc"]).default("asc"),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(1000).optional(),
  })
  .refine((q) => !q.due_from || !q.due_to || Date.parse(q.due_from) <= Date.parse(q.due_to), {
    message: "must not be after due_to",
    path: ["due_from"],
  });
export type TaskQuery = z.output<typeof taskQuerySchema>;

/** Body of the internal `POST /internal/series/{series_id}/occurrences` (recurrence → task-api). */
export const nextOccurrenceSchema = z.strictObject({
  from_task_id: z.uuid(),
  user_id: z.string().min(1),
  occurrence: z.number().int().min(2),
  due_at: rfc3339,
  /** The occurrence's instance, local date-time in the series' zone (RECURRENCE-ID). */
  instance: z
    .string()
    .refine((v) => parseLocal(v) !== undefined, "must be a local date-time YYYY-MM-DDTHH:mm:ss")
    .optional(),
});
export type NextOccurrenceInput = z.output<typeof nextOccurrenceSchema>;
