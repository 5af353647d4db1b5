import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSchemathesis, type SchemathesisResult } from "../../testbed/checkers/schemathesis.js";
import { requireInfra } from "../infra/require-infra.js";
import { apiAs } from "./support/api-client.js";
import { startTestSystem } from "./support/system-harness.js";

/** Every response must be a documented status, content type, schema and header set. */
const CONFORMANCE = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_schema_conformance",
  "response_headers_conformance",
];
const MAX_EXAMPLES = 40;
/** The services with a public API (each serves its OpenAPI document). */
const PUBLIC_APIS = ["task-api", "audit", "notification"];

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters: { name: string }[] }>>;
}

/** `METHOD /path` → its query parameter names, from the document. */
const operationsOf = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      name: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/?]+")}(\\?|$)`),
      parameters: op.parameters.map((p) => p.name),
    })),
  );

function summary(service: string, result: SchemathesisResult): string {
  const statuses = new Map<number, number>();
  for (const e of result.exchanges) statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);
  return (
    `[schemathesis] ${service}: ${result.report.operations.tested} operations, ` +
    `${result.report.test_cases.generated} test cases, ${result.exchanges.length} requests; ` +
    `statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(" ")}\n`
  );
}

/**
 * The public APIs against their own OpenAPI documents, on the running system (each service
 * behind its daprd, real Postgres and Kafka): schemathesis generates valid and invalid calls for
 * every operation and parameter; none may answer 5xx or outside the document, and requests the
 * API refuses must leave the stored data as it was.
 */
describe("public API contract", () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let db: pg.Client;
  const docs: Record<string, OpenApiDocument> = {};

  beforeAll(async () => {
    const infra = requireInfra("kafka", "postgres", "redis", "dapr");
    system = await startTestSystem(infra, PUBLIC_APIS);
    db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
    for (const service of PUBLIC_APIS)
      docs[service] = (await (
        await fetch(`${system.services[service]!.url}/openapi.json`)
      ).json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  it("serves an OpenAPI 3.1 document per public API with every public route", () => {
    expect(docs["task-api"]!.openapi).toBe("3.1.0");
    expect(operationsOf(docs["task-api"]!).map((o) => o.name)).toEqual([
      "POST /api/{user_id}/tasks",
      "GET /api/{user_id}/tasks",
      "GET /api/{user_id}/tasks/{id}",
      "PUT /api/{user_id}/tasks/{id}",
      "PATCH /api/{user_id}/tasks/{id}",
      "DELETE /api/{user_id}/tasks/{id}",
      "PATCH /api/{user_id}/tasks/{id}/complete",
    ]);
    expect(operationsOf(docs.audit!).map((o) => o.name)).toEqual(["GET /api/{user_id}/audit"]);
    expect(operationsOf(docs.notification!).map((o) => o.name)).toEqual([
      "GET /api/{user_id}/notifications",
    ]);
  });

  it.each(PUBLIC_APIS)(
    "%s: no server error and no response outside the document, over every operation and parameter",
    { timeout: 900_000 },
    async (service) => {
      const alice = await apiAs(system.services["task-api"]!.url, "alice");
      // Something to read: a task with events, so audit pages are not all empty.
      await alice.post("/api/alice/tasks", { title: "seed", tags: ["x"] });
      const result = await runSchemathesis({
        schemaUrl: `${system.services[service]!.url}/openapi.json`,
        headers: { authorization: `Bearer ${alice.token}` },
        parameters: { "path.user_id": "alice" },
        checks: CONFORMANCE,
        maxExamples: MAX_EXAMPLES,
      });
      process.stderr.write(summary(service, result));
      expect(result.report.failures, result.output).toEqual([]);
      expect(result.report.errors, result.output).toEqual([]);
      expect(result.exitCode, result.output).toBe(0);
      expect(result.exchanges.filter((e) => e.status >= 500)).toEqual([]);
      // Coverage: every operation succeeded at least once and saw every one of its parameters.
      for (const op of operationsOf(docs[service]!)) {
        const path = (url: string) => new URL(url).pathname + new URL(url).search;
        const calls = result.exchanges.filter(
          (e) => e.method === op.method && op.pattern.test(path(e.url)),
        );
        expect(
          calls.some((e) => e.status < 300),
          `${op.name}: no successful call`,
        ).toBe(true);
        const query = op.parameters.filter((p) => !["user_id", "id"].includes(p));
        for (const name of query)
          expect(
            calls.some((e) => new URL(e.url).searchParams.has(name)),
            `${op.name}: parameter ${name} never sent`,
          ).toBe(true);
      }
    },
  );

  it("requests the API refuses change nothing that is stored", { timeout: 900_000 }, async () => {
    const eve = await apiAs(system.services["task-api"]!.url, "eve");
    const task = (
      await eve.post("/api/eve/tasks", {
        title: "untouchable",
        due_at: "2030-01-01T09:00:00Z",
        remind_before: "PT5M",
      })
    ).body;
    const state = async () => {
      const { rows } = await db.query(
        "SELECT id, version, title, updated_at FROM task_api.tasks WHERE user_id = 'eve' ORDER BY id",
      );
      return {
        rows,
        versions: rows.reduce((sum, r) => sum + Number(r.version), 0),
        untouchable: rows.find((r) => r.id === task.id),
      };
    };
    const before = await state();
    // Invalid input, aimed at eve's real task; DELETE and complete take no input to invalidate.
    const result = await runSchemathesis({
      schemaUrl: `${system.services["task-api"]!.url}/openapi.json`,
      headers: { authorization: `Bearer ${eve.token}` },
      parameters: { "path.user_id": "eve", "path.id": task.id },
      mode: "negative",
      phases: ["coverage", "fuzzing"],
      checks: CONFORMANCE,
      maxExamples: MAX_EXAMPLES,
      excludeOperationIds: ["deleteTask", "completeTask"],
    });
    process.stderr.write(summary("task-api (negative mode)", result));
    expect(result.report.failures, result.output).toEqual([]);
    // Negative mode cannot make every call invalid (a GET with fixed path parameters has no
    // input left to break): the calls the API accepted account for every stored change.
    const writes = (status: number) =>
      result.exchanges.filter(
        (e) => e.status === status && ["POST", "PUT", "PATCH"].includes(e.method),
      );
    const refused = result.exchanges.filter((e) => e.status >= 400 && e.status < 500);
    expect(refused.length).toBeGreaterThan(result.exchanges.length / 2);
    const after = await state();
    expect(after.rows.length - before.rows.length).toBe(writes(201).length);
    expect(after.versions - before.versions).toBe(writes(201).length + writes(200).length);
    if (writes(200).length === 0) expect(after.untouchable).toEqual(before.untouchable);
  });
});
