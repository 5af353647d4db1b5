/**
 * checkov (static security analysis of the synthesized Terraform JSON), installed from PyPI
 * into its own virtualenv in the cache, and a runner that applies the repository's baseline
 * of justified skips (checkov/baseline.json).
 */
import { readFileSync } from "node:fs";
import { ensurePythonTool } from "../bootstrap/python-tool.js";
import { runProcess } from "../process/run-process.js";

/** The checkov release installed (pinned; bump deliberately, new releases add checks). */
export const CHECKOV_VERSION = "3.3.30";

/** One check result of one resource. */
export interface CheckovCheck {
  /** Check id, e.g. `CKV_K8S_16`. */
  readonly id: string;
  /** What the check wants, e.g. "Container should not be privileged". */
  readonly name: string;
  /** Terraform address of the checked resource, e.g. `kubernetes_deployment_v1.Api`. */
  readonly resource: string;
  /** File the resource is in, relative to the scanned folder. */
  readonly file: string;
  /** cdktf construct path of the resource (e.g. `todo-dev/Api/Deployment`), when synthesized by cdktf. */
  readonly constructPath?: string;
}

/** A failed check that the baseline accepts, with the baseline's reason. */
export interface SuppressedCheck extends CheckovCheck {
  readonly reason: string;
}

/** Outcome of {@link runCheckov}. */
export interface CheckovResult {
  readonly passed: readonly CheckovCheck[];
  /** Failed checks the baseline does not accept: a clean stack has none. */
  readonly failed: readonly CheckovCheck[];
  /** Failed checks the baseline accepts. */
  readonly suppressed: readonly SuppressedCheck[];
  /** Baseline entries that matched nothing (candidates for removal). */
  readonly unusedBaselineEntries: readonly BaselineEntry[];
}

/**
 * One accepted failure in the baseline file. The file is JSON:
 * `{ "skips": [{ "check": "CKV_K8S_43", "resources": ["kubernetes_deployment_v1.*"], "files": ["todo-dev/*"], "reason": "..." }] }`.
 * An entry without `resources`/`files` accepts the check everywhere.
 */
export interface BaselineEntry {
  /** Check id to accept. */
  readonly check: string;
  /**
   * Terraform addresses it is accepted for; `*` matches any characters.
   * @default - every resource
   */
  readonly resources?: readonly string[];
  /**
   * Files (relative to the scanned folder) it is accepted in, e.g. `todo-dev/*` to accept a
   * finding in the dev stack only; `*` matches any characters.
   * @default - every file
   */
  readonly files?: readonly string[];
  /** Why the finding is acceptable; required, and must say something. */
  readonly reason: string;
}

/** Options of {@link runCheckov}. */
export interface RunCheckovOptions {
  /**
   * Baseline of justified skips.
   * @default - no baseline: every failed check counts
   */
  readonly baselineFile?: string;
  /**
   * checkov executable to run (e.g. one installed with pip in CI).
   * @default - the one the bootstrap installed
   */
  readonly bin?: string;
}

/** Options of {@link ensureCheckov}. */
export interface EnsureCheckovOptions {
  /**
   * Install when missing. When false, a missing checkov is an error that says how to get it.
   * @default true
   */
  readonly install?: boolean;
}

/** Installs checkov once (a virtualenv in the cache); returns the path of its executable. */
export function ensureCheckov(options: EnsureCheckovOptions = {}): Promise<string> {
  return ensurePythonTool({ package: "checkov", version: CHECKOV_VERSION, ...options });
}

/**
 * Runs checkov over the Terraform JSON in `dir` (e.g. one synthesized stack folder) and
 * classifies the findings against the baseline. Needs checkov installed by the bootstrap
 * ({@link ensureCheckov}); never installs it itself.
 *
 * @example
 * const result = await runCheckov(stackDir, { baselineFile: "checkov/baseline.json" });
 * expect(result.failed, formatChecks(result.failed)).toEqual([]);
 */
export async function runCheckov(
  dir: string,
  options: RunCheckovOptions = {},
): Promise<CheckovResult> {
  const baseline = options.baselineFile ? readBaseline(options.baselineFile) : [];
  const bin = options.bin ?? (await ensureCheckov({ install: false }));
  const output = await runCheckovProcess(bin, dir);
  const { passed, failed } = parseReport(output);

  const used = new Set<BaselineEntry>();
  const suppressed: SuppressedCheck[] = [];
  const unaccepted: CheckovCheck[] = [];
  for (const check of failed) {
    const entry = acceptingEntry(baseline, check);
    if (entry) {
      used.add(entry);
      suppressed.push({ ...check, reason: entry.reason });
    } else unaccepted.push(check);
  }
  return {
    passed,
    failed: unaccepted,
    suppressed,
    unusedBaselineEntries: baseline.filter((e) => !used.has(e)),
  };
}

/** Checks as readable lines, for assertion messages. */
export function formatChecks(checks: readonly CheckovCheck[]): string {
  return checks.map((c) => `${c.id} ${c.resource} (${c.file}): ${c.name}`).join("\n");
}

/** Reads and checks a baseline file; throws naming the bad entry. */
export function readBaseline(file: string): BaselineEntry[] {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { skips?: unknown };
  if (!Array.isArray(parsed.skips)) throw new Error(`${file}: expected { "skips": [...] }`);
  return parsed.skips.map((raw: Partial<BaselineEntry>, index) => {
    if (typeof raw.check !== "string" || !/^CKV2?_[A-Z0-9_]+$/.test(raw.check))
      throw new Error(
        `${file}: skips[${index}].check must be a checkov id such as CKV_K8S_43, got ${JSON.stringify(raw.check)}`,
      );
    if (typeof raw.reason !== "string" || raw.reason.trim().length < 10)
      throw new Error(
        `${file}: skips[${index}] (${raw.check}) needs a reason that explains why the finding is acceptable`,
      );
    if (!isPatternList(raw.resources) || !isPatternList(raw.files))
      throw new Error(
        `${file}: skips[${index}].resources and .files must be lists of patterns (strings)`,
      );
    return raw as BaselineEntry;
  });
}

function isPatternList(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every((v) => typeof v === "string"));
}

/** The first baseline entry that accepts `check`, if any. */
export function acceptingEntry(
  baseline: readonly BaselineEntry[],
  check: CheckovCheck,
): BaselineEntry | undefined {
  return baseline.find(
    (entry) =>
      entry.check === check.id &&
      matchesAny(entry.resources, check.resource) &&
      matchesAny(entry.files, check.file),
  );
}

function matchesAny(patterns: readonly string[] | undefined, value: string): boolean {
  if (!patterns) return true;
  return patterns.some((pattern) =>
    new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`).test(value),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function runCheckovProcess(bin: string, dir: string): Promise<string> {
  // --skip-download: no calls home; the run is offline and deterministic.
  const args = [
    "--directory",
    dir,
    "--framework",
    "terraform_json",
    "--output",
    "json",
    "--compact",
    "--skip-download",
  ];
  const r = await runProcess(bin, args, { env: { BC_SKIP_MAPPING: "TRUE" } });
  // Exit code 1 only means "some check failed"; anything else is checkov itself failing.
  if (r.code === 0 || r.code === 1) return r.stdout;
  throw new Error(`checkov ${args.join(" ")} exited with ${r.code}:\n${r.stderr.slice(-3000)}`);
}

interface CheckovJsonCheck {
  check_id: string;
  check_name: string;
  resource: string;
  file_path: string;
  file_abs_path: string;
}
interface CheckovJsonReport {
  check_type?: string;
  results?: { passed_checks?: CheckovJsonCheck[]; failed_checks?: CheckovJsonCheck[] };
}

function parseReport(output: string): { passed: CheckovCheck[]; failed: CheckovCheck[] } {
  const trimmed = output.trim();
  // No Terraform JSON found gives an empty-summary object, several frameworks give a list.
  const parsed = JSON.parse(trimmed.slice(trimmed.search(/[[{]/))) as
    CheckovJsonReport | CheckovJsonReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const addresses = new AddressBook();
  const convert = (c: CheckovJsonCheck): CheckovCheck => {
    const resource = addresses.resolve(c.file_abs_path, c.resource);
    const constructPath = addresses.constructPath(c.file_abs_path, resource);
    return {
      id: c.check_id,
      name: c.check_name,
      resource,
      file: c.file_path.replace(/^\//, ""),
      ...(constructPath ? { constructPath } : {}),
    };
  };
  return {
    passed: reports.flatMap((r) => r.results?.passed_checks ?? []).map(convert),
    failed: reports.flatMap((r) => r.results?.failed_checks ?? []).map(convert),
  };
}

type TerraformJson = Partial<
  Record<
    "resource" | "data",
    Record<string, Record<string, { "//"?: { metadata?: { path?: string } } }>>
  >
>;

/**
 * checkov's terraform_json runner names resources `resource.<name>` without their type;
 * this restores full addresses (`kubernetes_deployment_v1.Api`) from the scanned file.
 */
class AddressBook {
  private readonly files = new Map<string, TerraformJson>();

  resolve(file: string, reported: string): string {
    const [block, ...rest] = reported.split(".");
    const name = rest.join(".");
    if ((block !== "resource" && block !== "data") || !name) return reported;
    const types = Object.entries(this.read(file)[block] ?? {}).filter(([, byName]) =>
      Object.hasOwn(byName, name),
    );
    if (types.length !== 1) return reported;
    return `${block === "data" ? "data." : ""}${types[0]![0]}.${name}`;
  }

  constructPath(file: string, address: string): string | undefined {
    const parts = address.split(".");
    const [block, type, name] =
      parts[0] === "data" ? ["data", parts[1], parts[2]] : ["resource", parts[0], parts[1]];
    if (!type || !name) return undefined;
    return this.read(file)[block as "resource" | "data"]?.[type]?.[name]?.["//"]?.metadata?.path;
  }

  private read(file: string): TerraformJson {
    let parsed = this.files.get(file);
    if (!parsed) {
      try {
        parsed = JSON.parse(readFileSync(file, "utf8")) as TerraformJson;
      } catch {
        parsed = {};
      }
      this.files.set(file, parsed);
    }
    return parsed;
  }
}
