import { PublishHealth } from "./publish-health.js";
import {
  CommunicationProtocolEnum,
  DaprClient as SdkDaprClient,
  HTTPClient,
  HttpMethod,
  LogLevel,
  type LoggerService,
} from "@dapr/dapr";
import type { Logger } from "../logger.js";
import { childContext, currentTrace, traceFields } from "../trace-context.js";

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
  /**
   * When the app fails a trigger (or cannot be reached), trigger again after this Go duration,
   * without a limit. @default - Dapr's policy: 3 more attempts a second apart, then the job is gone
   */
  readonly retryInterval?: string;
}

/** Where the sidecar is and how to talk to it. */
export interface DaprClientOptions {
  readonly host: string;
  readonly httpPort: number;
  /** @default - no `dapr-api-token` header */
  readonly apiToken?: string;
  /** @default - the SDK's own log lines are dropped (every failure reaches the caller as a DaprError) */
  readonly logger?: Logger;
}

const CALL_TIMEOUT_MS = 15_000;
const HEALTH_TIMEOUT_MS = 2_000;
const CLOUD_EVENT = "application/cloudevents+json";

/**
 * The services' Dapr sidecar client: a thin adapter over the @dapr/dapr SDK's HTTP
 * `DaprClient` that keeps the services' contract — every failure is a thrown `DaprError`
 * (the SDK returns publish/state failures as values), every call carries the current
 * `traceparent` (and `tracestate`) and gives up after 15 s, and the first call does not
 * block waiting for the sidecar (readiness probes and the outbox retry instead).
 */
export class DaprClient {
  /** Outcome of the latest publishes: the broker as far as this service can tell. */
  readonly publishing = new PublishHealth();
  private readonly sdk: SdkDaprClient;
  private readonly transport: HTTPClient;
  private readonly base: string;

  constructor(options: DaprClientOptions) {
    this.base = `http://${options.host}:${options.httpPort}`;
    this.sdk = new SdkDaprClient({
      daprHost: options.host,
      daprPort: String(options.httpPort),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      ...(options.apiToken ? { daprApiToken: options.apiToken } : {}),
      // Not below Warn: the SDK's debug lines print request headers, API token included.
      logger: { level: LogLevel.Warn, service: sdkLogSink(options.logger) },
    });
    if (!(this.sdk.daprClient instanceof HTTPClient))
      throw new Error("the Dapr SDK did not create an HTTP client");
    this.transport = this.sdk.daprClient;
    // The SDK would otherwise poll the sidecar for up to a minute before the first call.
    this.transport.setIsInitialized(true);
    // The SDK's building-block calls take no per-call headers; add the current span as parent
    // (`traceparent`, and `tracestate` when the trace has one).
    const execute = this.transport.execute.bind(this.transport);
    this.transport.execute = (url, params, requiresInitialization) =>
      execute(
        url,
        {
          ...params,
          method: params?.method ?? (params?.body ? "POST" : "GET"),
          headers: { ...params?.headers, ...traceFields(currentTrace() ?? childContext()) },
        },
        requiresInitialization,
      );
  }

  /** Publishes one CloudEvent as-is; `partitionKey` keeps one task's events in order. */
  async publish(
    pubsub: string,
    topic: string,
    cloudEvent: object,
    options: { partitionKey?: string } = {},
  ): Promise<void> {
    try {
      const { error } = await this.call("publish", () =>
        this.sdk.pubsub.publish(pubsub, topic, cloudEvent, {
          contentType: CLOUD_EVENT,
          ...(options.partitionKey ? { metadata: { partitionKey: options.partitionKey } } : {}),
        }),
      );
      if (error) throw this.toDaprError("publish", error);
    } catch (err) {
      this.publishing.failed(err);
      throw err;
    }
    this.publishing.succeeded();
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
    // Raw API: SDK 3.18.0 pubsub.publishBulk matches failed entries on `entryID` while daprd
    // answers `entryId`, so a partial failure would be reported as success (events lost).
    const body = entries.map((e) => ({
      entryId: e.id,
      event: e.event,
      contentType: CLOUD_EVENT,
      metadata: { partitionKey: e.partitionKey },
    }));
    try {
      await this.raw(
        "publish.bulk",
        "POST",
        `/publish/bulk/${pubsub}/${topic}`,
        body,
        "v1.0-alpha1",
      );
      this.publishing.succeeded();
      return new Set();
    } catch (err) {
      this.publishing.failed(err);
      // daprd answers 500 with the failed entries when only some could not be published.
      const failed = err instanceof DaprError && err.status === 500 ? failedEntryIds(err.body) : [];
      if (!failed?.length) throw err;
      return new Set(failed);
    }
  }

  async getState<T>(store: string, key: string): Promise<T | undefined> {
    const value = await this.call("state.get", () =>
      this.sdk.state.get(store, encodeURIComponent(key)),
    );
    return orUndefined<T>(value);
  }

  async saveState(store: string, key: string, value: unknown): Promise<void> {
    const { error } = await this.call("state.save", () =>
      this.sdk.state.save(store, [{ key, value }]),
    );
    if (error) throw this.toDaprError("state.save", error);
  }

  async deleteState(store: string, key: string): Promise<void> {
    const { error } = await this.call("state.delete", () =>
      this.sdk.state.delete(store, encodeURIComponent(key)),
    );
    if (error) throw this.toDaprError("state.delete", error);
  }

  /** Reads one secret from a Dapr secret store. */
  async getSecret(store: string, key: string): Promise<string> {
    const body = (await this.call("secret.get", () =>
      this.sdk.secret.get(store, encodeURIComponent(key)),
    )) as Record<string, string | undefined>;
    const value = body[key];
    if (value === undefined)
      throw new DaprError("secret.get", 404, `secret '${key}' not in '${store}'`);
    return value;
  }

  /** Service invocation: calls `method` on the app with id `appId` through its sidecar. */
  async invoke<T>(appId: string, method: string, httpMethod: string, body?: unknown): Promise<T> {
    const result = await this.call("invoke", () =>
      this.sdk.invoker.invoke(
        appId,
        method,
        httpMethod.toUpperCase() as HttpMethod,
        body as object | undefined,
        // Explicit, so a body that happens to look like a CloudEvent is still sent as JSON.
        { headers: body === undefined ? {} : { "Content-Type": "application/json" } },
      ),
    );
    return orUndefined<T>(result) as T;
  }

  /** Output binding, e.g. the HTTP binding for webhooks. */
  async invokeBinding(
    name: string,
    operation: string,
    data: unknown,
    metadata: Record<string, string> = {},
  ): Promise<void> {
    await this.call("binding", () => this.sdk.binding.send(name, operation, data, metadata));
  }

  /** Calls `method` on the actor `actorType/actorId`; Dapr runs one call per actor at a time. */
  async invokeActor<T>(
    actorType: string,
    actorId: string,
    method: string,
    body: unknown,
  ): Promise<T> {
    // Raw API: the SDK's HTTP `client.actor` only builds proxies for its own actor runtime.
    const result = await this.raw(
      "actor.invoke",
      "PUT",
      `/actors/${actorType}/${encodeURIComponent(actorId)}/method/${method}`,
      body,
    );
    return orUndefined<T>(result) as T;
  }

  /** Reads one key of an actor's state (only valid while handling a call to that actor). */
  async getActorState<T>(actorType: string, actorId: string, key: string): Promise<T | undefined> {
    // Raw API: actor state is only reachable through the SDK's actor runtime (DaprServer).
    const result = await this.raw(
      "actor.state.get",
      "GET",
      `/actors/${actorType}/${encodeURIComponent(actorId)}/state/${encodeURIComponent(key)}`,
    );
    return orUndefined<T>(result);
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
    // Raw API: see getActorState.
    await this.raw(
      "actor.state.save",
      "POST",
      `/actors/${actorType}/${encodeURIComponent(actorId)}/state`,
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
      // No max_retries: retried until the trigger succeeds.
      ...(job.retryInterval
        ? { failure_policy: { constant: { interval: job.retryInterval } } }
        : {}),
    };
    // Raw API: SDK 3.18.0 has no Jobs API.
    await this.raw("job.schedule", "POST", `/jobs/${encodeURIComponent(name)}`, body);
  }

  /** Reads a job; undefined when there is none (never scheduled, fired, or deleted). */
  async getJob(name: string): Promise<Record<string, unknown> | undefined> {
    try {
      // Raw API: SDK 3.18.0 has no Jobs API.
      const job = await this.raw("job.get", "GET", `/jobs/${encodeURIComponent(name)}`);
      return orUndefined<Record<string, unknown>>(job);
    } catch (err) {
      if (isMissingJob(err)) return undefined;
      throw err;
    }
  }

  /** Deletes a named job; a job that does not exist (already fired or never scheduled) is fine. */
  async deleteJob(name: string): Promise<void> {
    try {
      // Raw API: SDK 3.18.0 has no Jobs API.
      await this.raw("job.delete", "DELETE", `/jobs/${encodeURIComponent(name)}`);
    } catch (err) {
      if (!isMissingJob(err)) throw err;
    }
  }

  /** True when the sidecar and its components are up (outbound health). */
  async isHealthy(): Promise<boolean> {
    try {
      // Not sdk.health.isHealthy(): that asks /metadata, which answers before components are ready.
      await this.raw("healthz", "GET", "/healthz/outbound", undefined, "v1.0", HEALTH_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }

  /** A request the SDK has no building block for, sent through the SDK's HTTP transport. */
  private raw(
    operation: string,
    method: string,
    path: string,
    body?: unknown,
    apiVersion = "v1.0",
    timeoutMs = CALL_TIMEOUT_MS,
  ): Promise<unknown> {
    return this.call(
      operation,
      () =>
        this.transport.executeWithApiVersion(apiVersion, path, {
          method,
          ...(body === undefined ? {} : { body, headers: { "Content-Type": "application/json" } }),
        }),
      timeoutMs,
    );
  }

  /** Runs one SDK call with a deadline, turning whatever it throws into a DaprError. */
  private async call<T>(
    operation: string,
    request: () => Promise<T>,
    timeoutMs = CALL_TIMEOUT_MS,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DaprError(operation, 0, `no answer from ${this.base} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      timer.unref();
    });
    try {
      return await Promise.race([request(), deadline]);
    } catch (err) {
      throw this.toDaprError(operation, err);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The SDK throws `Error(JSON{status, error_msg})` for non-2xx and fetch errors otherwise. */
  private toDaprError(operation: string, err: unknown): DaprError {
    if (err instanceof DaprError) return err;
    const message = err instanceof Error ? err.message : String(err);
    const answer = parseJson(message) as { status?: unknown; error_msg?: unknown } | undefined;
    if (typeof answer?.status === "number")
      return new DaprError(operation, answer.status, String(answer.error_msg ?? ""));
    return new DaprError(operation, 0, `sidecar unreachable at ${this.base}: ${message}`);
  }
}

/** The SDK answers "" for an empty (204) body. */
function orUndefined<T>(value: unknown): T | undefined {
  return value === "" || value === undefined ? undefined : (value as T);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The entry ids of a bulk publish error answer, or undefined when it is not one. */
function failedEntryIds(body: string | undefined): string[] | undefined {
  const answer = parseJson(body ?? "") as { failedEntries?: { entryId: string }[] } | undefined;
  return answer?.failedEntries?.map((f) => f.entryId);
}

/** daprd answers 404 (or 500 on older schedulers) for a job that does not exist. */
function isMissingJob(err: unknown): boolean {
  return err instanceof DaprError && (err.status === 404 || err.status === 500);
}

/** The SDK's log lines go to the service logger at debug level, or nowhere. */
function sdkLogSink(logger: Logger | undefined): LoggerService {
  const log = (message: unknown) => logger?.debug({ component: "dapr-sdk" }, String(message));
  return { error: log, warn: log, info: log, verbose: log, debug: log };
}
