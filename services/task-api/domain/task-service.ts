import { randomUUID } from "node:crypto";
import { Duration } from "luxon";
import type pg from "pg";
import { inTransaction } from "../../runtime/db/pool.js";
import { newTaskEvent, type TaskEventKind } from "../../domain/events/task-event.js";
import type { Recurrence, TaskSnapshot } from "../../domain/events/task-snapshot.js";
import { Topics } from "../../domain/events/topics.js";
import { notFound, ProblemError, type FieldError } from "../../runtime/problem.js";
import {
  localDateTime,
  parseRecurrence,
  RecurrenceError,
  validateRecurrence,
} from "../../domain/recurrence/recurrence-rule.js";
import { isTimeZone } from "../../domain/recurrence/zone-clock.js";
import type { OutboxRepository } from "../repositories/outbox-repository.js";
import type {
  Queryable,
  StoredTask,
  TaskFields,
  TaskRepository,
} from "../repositories/task-repository.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import {
  isStorableInstant,
  type NextOccurrenceInput,
  type TaskInput,
  type TaskPatch,
  type TaskQuery,
} from "./task-input.js";

/** A page of tasks as the API returns it. */
export interface TaskList {
  readonly items: TaskSnapshot[];
  readonly next_cursor: string | null;
}

/**
 * The rules of tasks. Every change and its event are written in one transaction (outbox), so
 * an event exists exactly when the change does, whether or not the broker is reachable.
 */
export class TaskService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly tasks: TaskRepository,
    private readonly outbox: OutboxRepository,
    /** Called after a commit that wrote outbox rows, to relay them without waiting for the sweep. */
    private readonly onEventsWritten: () => void = () => undefined,
  ) {}

  async create(userId: string, input: TaskInput): Promise<TaskSnapshot> {
    const id = randomUUID();
    const fields = deriveFields(input, {
      id,
      series_id: null,
      occurrence: null,
      recurrence: null,
      due_at: null,
    });
    return this.write(async (db) => {
      const stored = await this.tasks.insert(db, id, userId, fields);
      return this.emit(db, "created", stored);
    });
  }

  async get(userId: string, id: string): Promise<TaskSnapshot> {
    return (await this.mustFind(this.pool, userId, id)).task;
  }

  async list(userId: string, query: TaskQuery): Promise<TaskList> {
    const cursor = query.cursor ? decodeCursor(query.cursor, query.sort, query.order) : undefined;
    try {
      const page = await this.tasks.list(this.pool, userId, query, cursor);
      return {
        items: page.items,
        next_cursor: page.last
          ? encodeCursor({ sort: query.sort, order: query.order, ...page.last })
          : null,
      };
    } catch (err) {
      // A forged cursor whose key Postgres cannot cast (class 22: data exception) is bad input.
      if (cursor && String((err as { code?: string }).code).startsWith("22")) {
        throw new ProblemError(400, "Invalid request", "Invalid query: cursor", [
          { field: "cursor", message: "is not a cursor returned by this API" },
        ]);
      }
      throw err;
    }
  }

  /** PUT: replaces every field. */
  async replace(userId: string, id: string, input: TaskInput): Promise<TaskSnapshot> {
    return this.write(async (db) => {
      const current = await this.mustFind(db, userId, id, true);
      const stored = await this.tasks.update(db, userId, id, deriveFields(input, current.task));
      return this.emit(db, "updated", stored);
    });
  }

  /** PATCH: changes only the given fields. */
  async patch(userId: string, id: string, patch: TaskPatch): Promise<TaskSnapshot> {
    return this.write(async (db) => {
      const current = await this.mustFind(db, userId, id, true);
      const t = current.task;
      const merged: TaskInput = {
        title: patch.title ?? t.title,
        description: patch.description ?? t.description,
        priority: patch.priority ?? t.priority,
        tags: patch.tags ?? [...t.tags],
        due_at: patch.due_at === undefined ? t.due_at : patch.due_at,
        remind_before: patch.remind_before === undefined ? t.remind_before : patch.remind_before,
        recurrence: patch.recurrence === undefined ? asInput(t.recurrence) : patch.recurrence,
      };
      const stored = await this.tasks.update(db, userId, id, deriveFields(merged, t));
      return this.emit(db, "updated", stored);
    });
  }

  /** Completes a task once; completing it again returns it unchanged and emits nothing. */
  async complete(userId: string, id: string): Promise<TaskSnapshot> {
    return this.write(async (db) => {
      const current = await this.mustFind(db, userId, id, true);
      if (current.task.status === "completed") return current.task;
      return this.emit(db, "completed", await this.tasks.complete(db, userId, id));
    });
  }

  async delete(userId: string, id: string): Promise<void> {
    await this.write(async (db) => {
      const current = await this.mustFind(db, userId, id, true);
      await this.tasks.delete(db, userId, id);
      await this.emit(db, "deleted", { task: current.task, version: current.version + 1 });
    });
  }

  /**
   * Creates occurrence `occurrence` of a series from the completed task's fields. Idempotent:
   * if that occurrence exists (redelivered or concurrent completion) the existing task is
   * returned with `created: false` and no event is written.
   */
  async createNextOccurrence(
    seriesId: string,
    input: NextOccurrenceInput,
  ): Promise<{ task: TaskSnapshot; created: boolean }> {
    return this.write(async (db) => {
      const existing = await this.tasks.findOccurrence(db, seriesId, input.occurrence);
      if (existing) return { task: existing.task, created: false };
      const template = await this.tasks.find(db, input.user_id, input.from_task_id);
      if (!template || template.task.series_id !== seriesId) {
        throw notFound(`Task ${input.from_task_id} of series ${seriesId} not found`);
      }
      const t = template.task;
      const id = randomUUID();
      const derived = deriveFields(
        {
          title: t.title,
          description: t.description,
          priority: t.priority,
          tags: [...t.tags],
          due_at: input.due_at,
          remind_before: t.remind_before,
          recurrence: asInput(t.recurrence),
        },
        t,
      );
      // The new occurrence's own instance replaces the template's.
      const fields: TaskFields = {
        ...derived,
        recurrence: { ...derived.recurrence!, instance: input.instance },
        series_id: seriesId,
        occurrence: input.occurrence,
      };
      const stored = await this.tasks.insertOccurrence(db, id, input.user_id, fields);
      if (!stored) {
        const raced = await this.tasks.findOccurrence(db, seriesId, input.occurrence);
        return { task: raced!.task, created: false };
      }
      return { task: await this.emit(db, "created", stored), created: true };
    });
  }

  private async mustFind(
    db: Queryable,
    userId: string,
    id: string,
    forUpdate = false,
  ): Promise<StoredTask> {
    // Another user's task is indistinguishable from a missing one: no existence leak.
    const found = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
      ? await this.tasks.find(db, userId, id, forUpdate)
      : undefined;
    if (!found) throw notFound(`Task ${id} not found`);
    return found;
  }

  private async emit(
    db: Queryable,
    kind: TaskEventKind,
    stored: StoredTask,
  ): Promise<TaskSnapshot> {
    const event = newTaskEvent(kind, stored.task, stored.version);
    await this.outbox.add(db, event, [Topics.taskEvents, Topics.taskUpdates], stored.task.id);
    return stored.task;
  }

  private async write<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    const result = await inTransaction(this.pool, fn);
    this.onEventsWritten();
    return result;
  }
}

/** A stored recurrence as input again (drops the server-set dtstart and instance, which deriveFields keeps). */
function asInput(r: Recurrence | null): TaskInput["recurrence"] {
  return r
    ? { rrule: r.rrule, timezone: r.timezone, ...(r.exdates ? { exdates: [...r.exdates] } : {}) }
    : null;
}

type SeriesState = Pick<TaskSnapshot, "series_id" | "occurrence" | "recurrence" | "due_at"> & {
  id: string;
};

/**
 * Checks the rules that span fields and derives stored fields: remind_at from due_at and
 * remind_before, and the series bookkeeping. A recurring task starts a series at its due_at;
 * changing the rule or time zone starts a new series at this task.
 */
export function deriveFields(input: TaskInput, current: SeriesState): TaskFields {
  const errors: FieldError[] = [];
  if (input.remind_before && !input.due_at)
    errors.push({ field: "remind_before", message: "needs due_at" });
  const remindAtMs =
    input.due_at && input.remind_before
      ? Date.parse(input.due_at) - Duration.fromISO(input.remind_before).toMillis()
      : null;
  if (remindAtMs !== null && !isStorableInstant(remindAtMs))
    errors.push({ field: "remind_before", message: "puts remind_at before the year 0001" });
  if (input.recurrence && !input.due_at)
    errors.push({ field: "recurrence", message: "needs due_at (the series start)" });
  const sameRule =
    !!input.recurrence &&
    !!current.recurrence?.dtstart &&
    !!current.series_id &&
    current.recurrence.rrule === input.recurrence.rrule &&
    current.recurrence.timezone === input.recurrence.timezone;
  // The series start: kept while the rule is unchanged, else this task's due_at.
  const dtstart =
    input.recurrence && sameRule
      ? current.recurrence!.dtstart!
      : input.recurrence && input.due_at && isTimeZone(input.recurrence.timezone)
        ? localDateTime(new Date(input.due_at), input.recurrence.timezone)
        : undefined;
  if (input.recurrence) {
    try {
      if (dtstart) validateRecurrence(input.recurrence, dtstart);
      else parseRecurrence(input.recurrence);
    } catch (err) {
      if (!(err instanceof RecurrenceError)) throw err;
      errors.push({ field: `recurrence.${err.field}`, message: err.message });
    }
  }
  if (errors.length) {
    throw new ProblemError(
      400,
      "Invalid request",
      `Invalid body: ${errors.map((e) => e.field).join(", ")}`,
      errors,
    );
  }
  const remindAt = remindAtMs === null ? null : new Date(remindAtMs).toISOString();
  const dueAt = input.due_at ? new Date(input.due_at).toISOString() : null;
  let series: Pick<TaskFields, "recurrence" | "series_id" | "occurrence"> = {
    recurrence: null,
    series_id: null,
    occurrence: null,
  };
  if (input.recurrence) {
    // `instance` (RECURRENCE-ID) stays with the occurrence when its due_at moves.
    series = sameRule
      ? {
          recurrence: {
            ...input.recurrence,
            dtstart: dtstart!,
            ...(current.recurrence!.instance ? { instance: current.recurrence!.instance } : {}),
          },
          series_id: current.series_id,
          occurrence: current.occurrence,
        }
      : {
          recurrence: { ...input.recurrence, dtstart: dtstart!, instance: dtstart! },
          series_id: current.id,
          occurrence: 1,
        };
  }
  return {
    title: input.title,
    description: input.description,
    priority: input.priority,
    tags: input.tags,
    due_at: dueAt,
    remind_before: input.remind_before,
    remind_at: remindAt,
    ...series,
  };
}
