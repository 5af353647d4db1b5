/**
 * A burst of task-api traffic: `tasks` creates, every tenth a recurring task that is
 * completed right away (one next occurrence each), every tenth (offset 5) with a reminder due
 * a few seconds later. Requests that fail while a fault is in effect are retried until they
 * succeed, bounded by a deadline: the burst measures the system, not the client.
 */

export interface BurstOptions {
  readonly baseUrl: string;
  readonly user: string;
  readonly token: string;
  readonly tasks: number;
  /** Requests in flight at once. @default 16 */
  readonly concurrency?: number;
  /** Called after each task is done, with the number done so far. */
  readonly onProgress?: (done: number) => void;
  /** Longest one request is retried. @default 120_000 */
  readonly requestDeadlineMs?: number;
}

export interface BurstTask {
  readonly id: string;
  readonly series_id: string | null;
}

export interface BurstResult {
  readonly created: readonly BurstTask[];
  readonly completedRecurring: readonly BurstTask[];
  readonly withReminder: readonly BurstTask[];
  /** Requests that failed (5xx or no answer) and were sent again. */
  readonly retriedRequests: number;
}

/** Seconds from creation to a burst task's reminder. */
const REMINDER_AFTER_SECONDS = 5;

export async function burst(options: BurstOptions): Promise<BurstResult> {
  const created: BurstTask[] = [];
  const completedRecurring: BurstTask[] = [];
  const withReminder: BurstTask[] = [];
  let retried = 0;
  let next = 0;
  const send = async (method: string, path: string, body?: unknown) => {
    const deadline = Date.now() + (options.requestDeadlineMs ?? 120_000);
    for (;;) {
      try {
        const res = await fetch(`${options.baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${options.token}`,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        if (res.status < 500) {
          if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
          return JSON.parse(text) as BurstTask;
        }
      } catch (err) {
        if ((err as Error).message.startsWith(method)) throw err;
      }
      if (Date.now() > deadline) throw new Error(`${method} ${path} kept failing`);
      retried++;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const one = async (i: number) => {
    const recurring = i % 10 === 0;
    const reminder = i % 10 === 5;
    const dueAt = new Date(Date.now() + (reminder ? REMINDER_AFTER_SECONDS + 60 : 86_400) * 1000);
    const task = await send("POST", `/api/${options.user}/tasks`, {
      title: `burst ${i}`,
      ...(recurring || reminder ? { due_at: dueAt.toISOString() } : {}),
      ...(reminder ? { remind_before: "PT1M" } : {}),
      ...(recurring ? { recurrence: { rrule: "FREQ=DAILY", timezone: "Europe/Berlin" } } : {}),
    });
    created.push(task);
    if (reminder) withReminder.push(task);
    if (recurring) {
      await send("PATCH", `/api/${options.user}/tasks/${task.id}/complete`);
      completedRecurring.push(task);
    }
  };
  const worker = async () => {
    while (next < options.tasks) {
      await one(next++);
      options.onProgress?.(created.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return { created, completedRecurring, withReminder, retriedRequests: retried };
}
