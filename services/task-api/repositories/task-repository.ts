import type pg from "pg";
import {
  PRIORITIES,
  type Priority,
  type Recurrence,
  type TaskSnapshot,
  type TaskStatus,
} from "../../domain/events/task-snapshot.js";
import type { Cursor } from "../domain/cursor.js";
import type { SortField, TaskQuery } from "../domain/task-input.js";

/** Anything that runs SQL: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/** The stored fields of a task a write sets (ids and timestamps are managed here). */
export interface TaskFields {
  readonly title: string;
  readonly description: string;
  readonly priority: Priority;
  readonly tags: readonly string[];
  readonly due_at: string | null;
  readonly remind_before: string | null;
  readonly remind_at: string | null;
  readonly recurrence: Recurrence | null;
  readonly series_id: string | null;
  readonly occurrence: number | null;
}

export interface TaskPage {
  readonly items: TaskSnapshot[];
  /** Sort key and id of the last item when more rows follow. */
  readonly last?: { key: string; id: string };
}

interface TaskRow {
  id: string;
  user_id: string;
  title: string;
  description: string;
  priority: number;
  tags: string[];
  status: TaskStatus;
  due_at: Date | null;
  remind_before: string | null;
  remind_at: Date | null;
  recurrence: Recurrence | null;
  series_id: string | null;
  occurrence: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  sort_key?: string;
}

/** The version (event sequence) travels beside the public snapshot. */
export interface StoredTask {
  readonly task: TaskSnapshot;
  readonly version: number;
}

const priorityRank = (p: Priority) => PRIORITIES.indexOf(p) + 1;

/** Sort expressions; a missing due date sorts last in either direction. */
function sortExpression(sort: SortField, order: "asc" | "desc"): { expr: string; type: string } {
  switch (sort) {
    case "due_at":
      return {
        expr: `COALESCE(due_at, '${order === "asc" ? "infinity" : "-infinity"}'::timestamptz)`,
        type: "timestamptz",
      };
    case "priority":
      return { expr: "priority", type: "smallint" };
    case "title":
      return { expr: "lower(title)", type: "text" }; // case-insensitive, as people read lists
    case "created_at":
      return { expr: "created_at", type: "timestamptz" };
  }
}

/** Tasks in Postgres. Every read and write is scoped by user id except the internal series lookups. */
export class TaskRepository {
  async insert(db: Queryable, id: string, userId: string, fields: TaskFields): Promise<StoredTask> {
    const { rows } = await db.query<TaskRow>(
      `INSERT INTO tasks (id, user_id, title, description, priority, tags, due_at, remind_before, remind_at,
                          recurrence, series_id, occurrence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING *`,
      [id, userId, ...fieldValues(fields)],
    );
    return toStored(rows[0]!);
  }

  /** Inserts a series occurrence unless that (series, occurrence) exists; undefined when it did. */
  async insertOccurrence(
    db: Queryable,
    id: string,
    userId: string,
    fields: TaskFields,
  ): Promise<StoredTask | undefined> {
    const { rows } = await db.query<TaskRow>(
      `INSERT INTO tasks (id, user_id, title, description, priority, tags, due_at, remind_before, remind_at,
                          recurrence, series_id, occurrence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (series_id, occurrence) WHERE series_id IS NOT NULL DO NOTHING
       RETURNING *`,
      [id, userId, ...fieldValues(fields)],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async findOccurrence(
    db: Queryable,
    seriesId: string,
    occurrence: number,
  ): Promise<StoredTask | undefined> {
    const { rows } = await db.query<TaskRow>(
      "SELECT * FROM tasks WHERE series_id = $1 AND occurrence = $2",
      [seriesId, occurrence],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  /** Reads a task of `userId`; `forUpdate` locks the row for the rest of the transaction. */
  async find(
    db: Queryable,
    userId: string,
    id: string,
    forUpdate = false,
  ): Promise<StoredTask | undefined> {
    const { rows } = await db.query<TaskRow>(
      `SELECT * FROM tasks WHERE id = $1 AND user_id = $2${forUpdate ? " FOR UPDATE" : ""}`,
      [id, userId],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async update(db: Queryable, userId: string, id: string, fields: TaskFields): Promise<StoredTask> {
    const { rows } = await db.query<TaskRow>(
      `UPDATE tasks SET title = $3, description = $4, priority = $5, tags = $6, due_at = $7, remind_before = $8,
                        remind_at = $9, recurrence = $10, series_id = $11, occurrence = $12,
                        version = version + 1, updated_at = now()
       WHERE id = $1 AND user_id = $2 RETURNING *`,
      [id, userId, ...fieldValues(fields)],
    );
    return toStored(rows[0]!);
  }

  async complete(db: Queryable, userId: string, id: string): Promise<StoredTask> {
    const { rows } = await db.query<TaskRow>(
      `UPDATE tasks SET status = 'completed', completed_at = now(), updated_at = now(), version = version + 1
       WHERE id = $1 AND user_id = $2 RETURNING *`,
      [id, userId],
    );
    return toStored(rows[0]!);
  }

  async delete(db: Queryable, userId: string, id: string): Promise<void> {
    await db.query("DELETE FROM tasks WHERE id = $1 AND user_id = $2", [id, userId]);
  }

  /** One page of a user's tasks: filters, keyword, keyset paging on (sort key, id). */
  async list(db: Queryable, userId: string, query: TaskQuery, cursor?: Cursor): Promise<TaskPage> {
    const params: unknown[] = [userId];
    const where = ["user_id = $1"];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.status) add((n) => `status = ${n}`, query.status);
    if (query.priority) add((n) => `priority = ${n}`, priorityRank(query.priority));
    if (query.tag) add((n) => `${n} = ANY(tags)`, query.tag);
    if (query.due_from) add((n) => `due_at >= ${n}`, query.due_from);
    if (query.due_to) add((n) => `due_at <= ${n}`, query.due_to);
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      add((n) => `(title ILIKE ${n} OR description ILIKE ${n})`, pattern);
    }
    const { expr, type } = sortExpression(query.sort, query.order);
    const dir = query.order === "asc" ? "ASC" : "DESC";
    if (cursor) {
      params.push(cursor.key, cursor.id);
      const k = params.length - 1;
      where.push(
        `(${expr}, id) ${query.order === "asc" ? ">" : "<"} ($${k}::${type}, $${k + 1}::uuid)`,
      );
    }
    params.push(query.limit + 1);
    const { rows } = await db.query<TaskRow>(
      `SELECT *, (${expr})::text AS sort_key FROM tasks WHERE ${where.join(" AND ")}
       ORDER BY ${expr} ${dir}, id ${dir} LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toStored(r).task),
      ...(rows.length > query.limit && last ? { last: { key: last.sort_key!, id: last.id } } : {}),
    };
  }
}

function fieldValues(f: TaskFields): unknown[] {
  return [
    f.title,
    f.description,
    priorityRank(f.priority),
    f.tags,
    f.due_at,
    f.remind_before,
    f.remind_at,
    f.recurrence === null ? null : JSON.stringify(f.recurrence),
    f.series_id,
    f.occurrence,
  ];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toStored(row: TaskRow): StoredTask {
  return {
    version: row.version,
    task: {
      id: row.id,
      user_id: row.user_id,
      title: row.title,
      description: row.description,
      priority: PRIORITIES[row.priority - 1]!,
      tags: row.tags,
      status: row.status,
      due_at: iso(row.due_at),
      remind_before: row.remind_before,
      remind_at: iso(row.remind_at),
      recurrence: row.recurrence,
      series_id: row.series_id,
      occurrence: row.occurrence,
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
      completed_at: iso(row.completed_at),
    },
  };
}
