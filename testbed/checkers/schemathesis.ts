/**
 * schemathesis (property-based API testing from an OpenAPI document), installed from PyPI into
 * its own virtualenv in the cache, and a runner that returns its JSON verdict and every
 * exchange it made (HAR), for tests to assert on.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePythonTool } from "../bootstrap/python-tool.js";
import { runProcess } from "../process/run-process.js";

/** The schemathesis release installed (pinned: new releases add checks and generators). */
export const SCHEMATHESIS_VERSION = "4.32.5";

/** Installs schemathesis once; returns the path of its `schemathesis` executable. */
export function ensureSchemathesis(options: { install?: boolean } = {}): Promise<string> {
  return ensurePythonTool({ package: "schemathesis", version: SCHEMATHESIS_VERSION, ...options });
}

export interface SchemathesisRunOptions {
  /** URL of the OpenAPI document; operations are called on its origin. */
  readonly schemaUrl: string;
  /** Headers sent with every request, e.g. `authorization`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Fixed parameter values (`path.user_id`, ...), so generated calls act as one user. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** `positive`, `negative` or `all`. @default "all" */
  readonly mode?: "positive" | "negative" | "all";
  /** @default - every phase: examples, coverage, fuzzing, stateful */
  readonly phases?: readonly string[];
  readonly checks: readonly string[];
  /** Test cases per operation and phase. */
  readonly maxExamples: number;
  /** operationIds left out. @default - none */
  readonly excludeOperationIds?: readonly string[];
  /** @default 1 - fixed, so a failure reproduces */
  readonly seed?: number;
}

/** What a run produced: the JSON report and the HTTP exchanges. */
export interface SchemathesisResult {
  readonly exitCode: number;
  readonly report: {
    readonly operations: { total: number; selected: number; tested: number; errored: number };
    readonly test_cases: { generated: number; with_failures: number; errored: number };
    readonly failures: readonly { title: string; count: number; operations: string[] }[];
    readonly errors: readonly { title: string; count: number }[];
  };
  readonly exchanges: readonly Exchange[];
  /** The terminal output, for assertion messages. */
  readonly output: string;
}

/** One request and its response, from the HAR report. */
export interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly contentType: string;
}

/** Runs schemathesis (installed by the bootstrap; never installs it itself). */
export async function runSchemathesis(
  options: SchemathesisRunOptions,
): Promise<SchemathesisResult> {
  const bin = await ensureSchemathesis({ install: false });
  const dir = mkdtempSync(join(tmpdir(), "todo-schemathesis-"));
  const config = join(dir, "schemathesis.toml");
  writeFileSync(
    config,
    `[parameters]\n${Object.entries(options.parameters ?? {})
      .map(([key, value]) => `${JSON.stringify(key)} = ${JSON.stringify(value)}`)
      .join("\n")}\n`,
  );
  const args = [
    "--config-file",
    config,
    "run",
    options.schemaUrl,
    "--mode",
    options.mode ?? "all",
    "--checks",
    options.checks.join(","),
    "--max-examples",
    String(options.maxExamples),
    "--seed",
    String(options.seed ?? 1),
    "--workers",
    "1",
    "--no-color",
    "--generation-database",
    "none",
    "--report",
    "json,har",
    "--report-json-path",
    join(dir, "report.json"),
    "--report-har-path",
    join(dir, "report.har"),
    ...(options.phases ? ["--phases", options.phases.join(",")] : []),
    ...Object.entries(options.headers ?? {}).flatMap(([k, v]) => ["--header", `${k}: ${v}`]),
    ...(options.excludeOperationIds ?? []).flatMap((id) => ["--exclude-operation-id", id]),
  ];
  // In its own folder: schemathesis keeps a `.schemathesis` cache in the working directory.
  const { code, output } = await runProcess(bin, args, { cwd: dir });
  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  const har = JSON.parse(readFileSync(join(dir, "report.har"), "utf8")) as {
    log: { entries: HarEntry[] };
  };
  return {
    exitCode: code,
    report,
    output,
    exchanges: har.log.entries.map((e) => ({
      method: e.request.method,
      url: e.request.url,
      status: e.response.status,
      contentType: e.response.content?.mimeType ?? "",
    })),
  };
}

interface HarEntry {
  request: { method: string; url: string };
  response: { status: number; content?: { mimeType?: string } };
}
