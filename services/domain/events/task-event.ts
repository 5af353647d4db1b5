import { randomUUID } from "node:crypto";
import { PoisonEventError } from "../../runtime/dapr/delivery-failure.js";
import { eventTraceAttributes } from "../../runtime/dapr/event-trace.js";
import { currentTrace } from "../../runtime/trace-context.js";
import type { TaskSnapshot } from "./task-snapshot.js";

/** What happened to a task. */
export const TASK_EVENT_KINDS = ["created", "updated", "completed", "deleted"] as const;
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number];

/** Versioned CloudEvent type, e.g. `com.todo.task.completed.v1`. */
export const taskEventType = (kind: TaskEventKind) => `com.todo.task.${kind}.v1` as const;

/** The `data` of every task event (current version, v1). */
export interface TaskEventData {
  readonly event_id: string;
  readonly task_id: string;
  readonly user_id: string;
  /** Increases by one with every change of the task: consumers detect stale or reordered events. */
  readonly sequence: number;
  readonly occurred_at: string;
  readonly task: TaskSnapshot;
}

/** A CloudEvents 1.0 structured-mode envelope. */
export interface CloudEvent<T> {
  readonly specversion: "1.0";
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject?: string;
  readonly time: string;
  readonly datacontenttype: "application/json";
  readonly traceparent?: string;
  readonly tracestate?: string;
  /**
   * The producing request's `traceparent` and `tracestate`, kept as CloudEvents extensions
   * because daprd rewrites both to the trace of the publish call (for the outbox: the relay's).
   */
  readonly origintraceparent?: string;
  readonly origintracestate?: string;
  readonly data: T;
}

export function newTaskEvent(
  kind: TaskEventKind,
  task: TaskSnapshot,
  sequence: number,
  source = "task-api",
): CloudEvent<TaskEventData> {
  const eventId = randomUUID();
  const occurredAt = new Date().toISOString();
  const trace = currentTrace();
  return {
    specversion: "1.0",
    id: eventId,
    source,
    type: taskEventType(kind),
    subject: task.id,
    time: occurredAt,
    datacontenttype: "application/json",
    // The request's trace travels with the event, so consumers continue it even after an outbox delay.
    ...(trace ? eventTraceAttributes(trace) : {}),
    data: {
      event_id: eventId,
      task_id: task.id,
      user_id: task.user_id,
      sequence,
      occurred_at: occurredAt,
      task,
    },
  };
}

/**
 * Reads a task event of any known version into the current shape. v0 (pre-release producers)
 * had `taskId`/`userId` and no sequence; it is upcast here so handlers only know v1.
 */
export function readTaskEvent(envelope: unknown): { kind: TaskEventKind; data: TaskEventData } {
  const ce = envelope as Partial<CloudEvent<Record<string, unknown>>> | undefined;
  const match = /^com\.todo\.task\.(created|updated|completed|deleted)\.v(\d+)$/.exec(
    String(ce?.type),
  );
  if (!ce || !match || typeof ce.data !== "object" || ce.data === null) {
    throw new PoisonEventError(`not a task event: type '${String(ce?.type)}'`);
  }
  const kind = match[1] as TaskEventKind;
  const version = Number(match[2]);
  const data = version === 0 ? upcastV0(ce.data, ce.id) : ce.data;
  if (version > 1) throw new PoisonEventError(`unknown task event version v${version}`);
  for (const field of ["event_id", "task_id", "user_id", "task"] as const) {
    if (!data[field]) throw new PoisonEventError(`task event without '${field}'`);
  }
  if (typeof data.sequence !== "number")
    throw new PoisonEventError("task event without 'sequence'");
  return { kind, data: data as unknown as TaskEventData };
}

function upcastV0(data: Record<string, unknown>, id: string | undefined): Record<string, unknown> {
  return {
    event_id: data.eventId ?? id,
    task_id: data.taskId,
    user_id: data.userId,
    sequence: 0,
    occurred_at: data.occurredAt,
    task: data.task,
  };
}
