import { childContext, currentTrace, formatTraceparent } from "../trace-context.js";

/** A non-2xx answer from the Dapr sidecar, with its status and body for the log. */
export class DaprError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`dapr ${operation} failed: HTTP ${status} ${body.slice(0, 500)}`);
    this.name = "DaprError";
  }
}

/** A one-shot Dapr job (Jobs API). */
export interface DaprJob {
  /** RFC 3339 time or Go duration at which the job fires. */
  readonly dueTime: string;
  readonly data?: unknown;
  /** @default true - scheduling again under the same name replaces the job (reschedule) */
  readonly overwrite?: boolean;
  /** @default - the job is deleted after it fires once */
  readonly ttl?: string;
}

/**
 * A small client for the Dapr sidecar's HTTP API. We call the API directly instead of through
 * the @dapr/dapr SDK's HTTPClient because that client (3.18.0) has no Jobs API, reports
 * publish failures as return values instead of errors, and does not forward W3C trace context;
 * this one does all three and every call carries the current `traceparent`.
 */
export class DaprClient {
  private readonly base: string;

  constructor(options: { host: string; httpPort: number; apiToken?: string }) {
    this.base = `http://${options.host}:${options.httpPort}`;
    this.apiToken = options.apiToken;
  }

  private readonly apiToken: string | undefined;

  /** Publishes one CloudEvent as-is; `partitionKey` keeps one task's events in order. */
  async publish(
    pubsub: string,
    topic: string,
    cloudEvent: object,
    options: { partitionKey?: string } = {},
  ): Promise<void> {
    const query = options.partitionKey
      ? `?metadata.partitionKey=${encodeURIComponent(options.partitionKey)}`
      : "";
    await this.call("publish", "POST", `/v1.0/publish/${pubsub}/${topic}${query}`, cloudEvent, {
      "content-type": "application/cloudevents+json",
    });
  }

  /**
   * Publishes many CloudEvents to one topic in one call (Dapr bulk publish; the Kafka component
   * sends them as one producer batch, in order). Returns the ids of the entries that failed;
   * throws when the sidecar could not take the request at all.
   */
  async publishBulk(
    pubsub: string,
    topic: string,
    entries: readonly { id: string; event: object; partitionKey: string }[],
  ): Promise<Set<string>> {
    const body = entries.map((e) => ({
      entryId: e.id,
      event: e.event,
      contentType: "application/cloudevents+json",
      metadata: { partitionKey: e.partitionKey },
    }));
    const res = await this.call(
      "publish.bulk",
      "POST",
      `/v1.0-alpha1/publish/bulk/${pubsub}/${topic}`,
      body,
      {},
      [500],
    );
    if (res.ok) return new Set();
    const text = await res.text();
    let failed: { entryId: string }[] | undefined;
    try {
      failed = (JSON.parse(text) as { failedEntries?: { entryId: string }[] }).failedEntries;
    } catch {
      failed = undefined;
    }
    if (!failed?.length) throw new DaprError("publish.bulk", res.status, text);
    return new Set(failed.map((f) => f.entryId));
  }

  async getState<T>(store: string, key: string): Promise<T | undefined> {
    const res = await this.call(
      "state.get",
      "GET",
      `/v1.0/state/${store}/${encodeURIComponent(key)}`,
    );
    if (res.status === 204) return undefined;
    const text = await res.text();
    return text ? (JSON.parse(text) as T) : undefined;
  }

  async saveState(store: string, key: string, value: unknown): Promise<void> {
    await this.call("state.save", "POST", `/v1.0/state/${store}`, [{ key, value }]);
  }

  async deleteState(store: string, key: string): Promise<void> {
    await this.call("state.delete", "DELETE", `/v1.0/state/${store}/${encodeURIComponent(key)}`);
  }

  /** Reads one secret from a Dapr secret store. */
  async getSecret(store: string, key: string): Promise<string> {
    const res = await this.call(
      "secret.get",
      "GET",
      `/v1.0/secrets/${store}/${encodeURIComponent(key)}`,
    );
    const body = (await res.json()) as Record<string, string>;
    const value = body[key];
    if (value === undefined)
      throw new DaprError("secret.get", 404, `secret '${key}' not in '${store}'`);
    return value;
  }

  /** Service invocation: calls `method` on the app with id `appId` through its sidecar. */
  async invoke<T>(appId: string, method: string, httpMethod: string, body?: unknown): Promise<T> {
    const res = await this.call(
      "invoke",
      httpMethod,
      `/v1.0/invoke/${appId}/method/${method}`,
      body,
    );
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Output binding, e.g. the HTTP binding for webhooks. */
  async invokeBinding(
    name: string,
    operation: string,
    data: unknown,
    metadata: Record<string, string> = {},
  ): Promise<void> {
    await this.call("binding", "POST", `/v1.0/bindings/${name}`, { operation, data, metadata });
  }

  /** Calls `method` on the actor `actorType/actorId`; Dapr runs one call per actor at a time. */
  async invokeActor<T>(
    actorType: string,
    actorId: string,
    method: string,
    body: unknown,
  ): Promise<T> {
    const res = await this.call(
      "actor.invoke",
      "PUT",
      `/v1.0/actors/${actorType}/${encodeURIComponent(actorId)}/method/${method}`,
      body,
    );
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Reads one key of an actor's state (only valid while handling a call to that actor). */
  async getActorState<T>(actorType: string, actorId: string, key: string): Promise<T | undefined> {
    const res = await this.call(
      "actor.state.get",
      "GET",
      `/v1.0/actors/${actorType}/${encodeURIComponent(actorId)}/state/${encodeURIComponent(key)}`,
    );
    if (res.status === 204) return undefined;
    const text = await res.text();
    return text ? (JSON.parse(text) as T) : undefined;
  }

  /** Writes keys of an actor's state in one transaction. */
  async saveActorState(
    actorType: string,
    actorId: string,
    values: Record<string, unknown>,
  ): Promise<void> {
    const operations = Object.entries(values).map(([key, value]) => ({
      operation: "upsert",
      request: { key, value },
    }));
    await this.call(
      "actor.state.save",
      "POST",
      `/v1.0/actors/${actorType}/${encodeURIComponent(actorId)}/state`,
      operations,
    );
  }

  /** Schedules (or, by default, reschedules) a named job. */
  async scheduleJob(name: string, job: DaprJob): Promise<void> {
    const body = {
      dueTime: job.dueTime,
      data: job.data ?? {},
      overwrite: job.overwrite ?? true,
      ...(job.ttl ? { ttl: job.ttl } : {}),
    };
    await this.call("job.schedule", "POST", `/v1.0/jobs/${encodeURIComponent(name)}`, body);
  }

  /** Reads a job; undefined when there is none (never scheduled, fired, or deleted). */
  async getJob(name: string): Promise<Record<string, unknown> | undefined> {
    const res = await this.call(
      "job.get",
      "GET",
      `/v1.0/jobs/${encodeURIComponent(name)}`,
      undefined,
      {},
      [404, 500],
    );
    return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
  }

  /** Deletes a named job; a job that does not exist (already fired or never scheduled) is fine. */
  async deleteJob(name: string): Promise<void> {
    await this.call(
      "job.delete",
      "DELETE",
      `/v1.0/jobs/${encodeURIComponent(name)}`,
      undefined,
      {},
      [404, 500],
    );
  }

  /** True when the sidecar and its components are up (outbound health). */
  async isHealthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.base}/v1.0/healthz/outbound`, {
        signal: AbortSignal.timeout(2000),
      });
      return res.status === 204 || res.status === 200;
    } catch {
      return false;
    }
  }

  private async call(
    operation: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    tolerated: number[] = [],
  ): Promise<Response> {
    const allHeaders: Record<string, string> = {
      // The current span is the parent of the sidecar's span for this call.
      traceparent: formatTraceparent(currentTrace() ?? childContext(undefined)),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(this.apiToken ? { "dapr-api-token": this.apiToken } : {}),
      ...headers,
    };
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: allHeaders,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new DaprError(
        operation,
        0,
        `sidecar unreachable at ${this.base}: ${(err as Error).message}`,
      );
    }
    if (!res.ok && !tolerated.includes(res.status)) {
      throw new DaprError(operation, res.status, await res.text());
    }
    return res;
  }
}
