import { describe, expect, it } from "vitest";
import { PoisonEventError } from "../../runtime/dapr/delivery-failure.js";
import { newTaskEvent, readTaskEvent } from "./task-event.js";
import type { TaskSnapshot } from "./task-snapshot.js";

const task = {
  id: "5f0c3c58-8a43-4d7f-9d41-2b8f6f3f2a11",
  user_id: "alice",
  title: "t",
} as TaskSnapshot;

describe("readTaskEvent", () => {
  it("reads a v1 event", () => {
    const event = newTaskEvent("completed", task, 3);
    expect(readTaskEvent(event)).toEqual({ kind: "completed", data: event.data });
    expect(event).toMatchObject({
      specversion: "1.0",
      type: "com.todo.task.completed.v1",
      subject: task.id,
    });
  });

  it("upcasts a v0 event", () => {
    const v0 = {
      specversion: "1.0",
      id: "e1",
      type: "com.todo.task.created.v0",
      data: { taskId: task.id, userId: "alice", occurredAt: "2026-01-01T00:00:00Z", task },
    };
    expect(readTaskEvent(v0)).toEqual({
      kind: "created",
      data: {
        event_id: "e1",
        task_id: task.id,
        user_id: "alice",
        sequence: 0,
        occurred_at: "2026-01-01T00:00:00Z",
        task,
      },
    });
  });

  it.each([
    ["an unknown type", { type: "com.todo.task.exploded.v1", data: {} }],
    [
      "a future version",
      {
        type: "com.todo.task.created.v9",
        data: { event_id: "e", task_id: "t", user_id: "u", sequence: 1, task },
      },
    ],
    ["missing data fields", { type: "com.todo.task.created.v1", data: { nonsense: true } }],
    ["no data", { type: "com.todo.task.created.v1" }],
  ])("throws PoisonEventError for %s", (_name, envelope) => {
    expect(() => readTaskEvent(envelope)).toThrow(PoisonEventError);
  });
});
