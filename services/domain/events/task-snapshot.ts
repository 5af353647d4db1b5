import { z } from "zod";

/** Task priorities in ascending order: low < medium < high. */
export const PRIORITIES = ["low", "medium", "high"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const STATUSES = ["pending", "completed"] as const;
export type TaskStatus = (typeof STATUSES)[number];

/** How a task repeats: an RFC 5545 RRULE evaluated in an IANA time zone. */
export const recurrenceSchema = z
  .object({
    rrule: z.string(),
    timezone: z.string(),
    /** Local dates-times (`YYYY-MM-DDTHH:mm:ss` in `timezone`) removed from the series. */
    exdates: z.array(z.string()).readonly().optional(),
    /** Series start as local date-time in `timezone`; set by task-api from the first due_at. */
    dtstart: z.string().optional(),
    /**
     * This occurrence's instance in the series as local date-time (iCalendar RECURRENCE-ID); set
     * by the server. It stays when due_at is moved, so the series continues from the instance.
     */
    instance: z.string().optional(),
  })
  .readonly();
export type Recurrence = z.output<typeof recurrenceSchema>;

const instant = z.iso.datetime({ offset: true });

/**
 * A task as the API returns it and as events carry it. The schema is the API's documented
 * response (OpenAPI); the type is what the code passes around.
 */
export const taskSnapshotSchema = z
  .object({
    id: z.uuid(),
    user_id: z.string(),
    title: z.string(),
    description: z.string(),
    priority: z.enum(PRIORITIES),
    tags: z.array(z.string()).readonly(),
    status: z.enum(STATUSES),
    due_at: instant.nullable(),
    remind_before: z.string().nullable(),
    remind_at: instant.nullable(),
    recurrence: recurrenceSchema.nullable(),
    series_id: z.uuid().nullable(),
    /** 1-based position of this task in its series (RRULE COUNT bookkeeping). */
    occurrence: z.number().int().nullable(),
    created_at: instant,
    updated_at: instant,
    completed_at: instant.nullable(),
  })
  .readonly();
export type TaskSnapshot = z.output<typeof taskSnapshotSchema>;
