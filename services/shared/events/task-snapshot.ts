/** Task priorities in ascending order: low < medium < high. */
export const PRIORITIES = ["low", "medium", "high"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const STATUSES = ["pending", "completed"] as const;
export type TaskStatus = (typeof STATUSES)[number];

/** How a task repeats: an RFC 5545 RRULE evaluated in an IANA time zone. */
export interface Recurrence {
  readonly rrule: string;
  readonly timezone: string;
  /** Local dates-times (`YYYY-MM-DDTHH:mm:ss` in `timezone`) removed from the series. */
  readonly exdates?: readonly string[];
  /** Series start as local date-time in `timezone`; set by task-api from the first due_at. */
  readonly dtstart?: string;
  /**
   * This occurrence's instance in the series as local date-time (iCalendar RECURRENCE-ID); set
   * by the server. It stays when due_at is moved, so the series continues from the instance.
   */
  readonly instance?: string;
}

/** A task as the API returns it and as events carry it. */
export interface TaskSnapshot {
  readonly id: string;
  readonly user_id: string;
  readonly title: string;
  readonly description: string;
  readonly priority: Priority;
  readonly tags: readonly string[];
  readonly status: TaskStatus;
  readonly due_at: string | null;
  readonly remind_before: string | null;
  readonly remind_at: string | null;
  readonly recurrence: Recurrence | null;
  readonly series_id: string | null;
  /** 1-based position of this task in its series (RRULE COUNT bookkeeping). */
  readonly occurrence: number | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly completed_at: string | null;
}
