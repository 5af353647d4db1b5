import { Duration } from "luxon";
import { z } from "zod";
import { PRIORITIES, STATUSES } from "../../shared/events/task-snapshot.js";

/** RFC 3339 date-time with an explicit offset (`Z` or `+01:00`). */
const rfc3339 = z.iso.datetime({
  offset: true,
  message: "must be an RFC 3339 date-time with offset, e.g. 2026-03-02T09:00:00Z",
});

const isoDuration = z.string().refine((v) => {
  const d = Duration.fromISO(v);
  return d.isValid && d.toMillis() > 0;
}, "must be a positive ISO 8601 duration, e.g. PT15M");

const recurrenceInput = z.strictObject({
  rrule: z.string().min(1).max(500),
  timezone: z.string().min(1).max(64),
  exdates: z.array(z.string()).max(366).optional(),
});

const title = z.string().trim().min(1, "must not be empty").max(200);
const description = z.string().max(5000);
const priority = z.enum(PRIORITIES);
const tags = z
  .array(z.string().trim().min(1).max(50))
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

/** Body of `PATCH .../tasks/{id}`: only the given fields change; `null` clears an optional one. */
export const taskPatchSchema = z.strictObject({
  title: title.optional(),
  description: description.optional(),
  priority: priority.optional(),
  tags: tags.optional(),
  due_at: rfc3339.nullable().optional(),
  remind_before: isoDuration.nullable().optional(),
  recurrence: recurrenceInput.nullable().optional(),
});
export type TaskPatch = z.output<typeof taskPatchSchema>;

export const SORT_FIELDS = ["due_at", "priority", "title", "created_at"] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** Query of `GET /api/{user_id}/tasks`. */
export const taskQuerySchema = z
  .strictObject({
    q: z.string().trim().min(1).max(200).optional(),
    status: z.enum(STATUSES).optional(),
    priority: priority.optional(),
    tag: z.string().min(1).max(50).optional(),
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
});
export type NextOccurrenceInput = z.output<typeof nextOccurrenceSchema>;
