/**
 * The construct library's public API, as reviewed artifacts: the API reports in
 * constructs/api/ (API Extractor, one per entry point) and the reference docs in docs/api/
 * (TypeDoc). `npm run api` rewrites both after a deliberate API change; the unit test
 * test/library/api-report.test.ts runs {@link checkApi} and fails while either is stale.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { Extractor, ExtractorConfig, type ExtractorMessage } from "@microsoft/api-extractor";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const LIBRARY_DIR = join(REPO_ROOT, "constructs");
export const DOCS_DIR = join(REPO_ROOT, "docs", "api");
const BIN = join(REPO_ROOT, "node_modules", ".bin");

/** API Extractor configuration per entry point, and the declaration file it reads. */
export const ENTRY_POINTS = [
  { config: "api-extractor.json", declarations: "index.d.ts" },
  { config: "api-extractor.aws.json", declarations: "aws.d.ts" },
] as const;

/** Runs a tool of node_modules/.bin; throws with its output when it fails. */
function tool(name: string, args: string[], cwd = LIBRARY_DIR): void {
  const run = spawnSync(join(BIN, name), args, { cwd, encoding: "utf8" });
  if (run.status !== 0)
    throw new Error(`${name} ${args.join(" ")} failed:\n${run.stdout}${run.stderr}`);
}

/** Compiles the library's declarations (tsconfig.build.json) into `outDir`. */
export function buildDeclarations(outDir: string): void {
  tool("tsc", ["-p", "tsconfig.build.json", "--outDir", outDir]);
}

/** Result of one entry point's report run. */
export interface ApiReportResult {
  readonly config: string;
  /** The public API differs from the checked-in report. */
  readonly changed: boolean;
  /** Warnings and errors (TSDoc, unexported types): each fails the check. */
  readonly problems: readonly string[];
}

/**
 * Compares (or, with `update`, rewrites) the API report of every entry point against the
 * declarations in `declarationsDir`. `reportFolder` defaults to constructs/api/.
 */
export function apiReports(
  declarationsDir: string,
  options: { update?: boolean; reportFolder?: string } = {},
): ApiReportResult[] {
  const tempFolder = mkdtempSync(join(tmpdir(), "api-report-"));
  if (options.update)
    mkdirSync(options.reportFolder ?? join(LIBRARY_DIR, "api"), { recursive: true });
  try {
    return ENTRY_POINTS.map(({ config, declarations }) => {
      const configPath = join(LIBRARY_DIR, config);
      const configObject = ExtractorConfig.loadFile(configPath);
      configObject.mainEntryPointFilePath = join(declarationsDir, declarations);
      configObject.apiReport = {
        ...configObject.apiReport!,
        enabled: true,
        reportTempFolder: tempFolder,
        ...(options.reportFolder ? { reportFolder: options.reportFolder } : {}),
      };
      configObject.docModel = { enabled: false };
      const problems: string[] = [];
      const result = Extractor.invoke(
        ExtractorConfig.prepare({
          configObject,
          configObjectFullPath: configPath,
          packageJsonFullPath: join(LIBRARY_DIR, "package.json"),
        }),
        {
          localBuild: options.update ?? false,
          messageCallback: (message: ExtractorMessage) => {
            message.handled = true;
            // Report created/changed/copied: reported as `changed`.
            if (message.messageId.startsWith("console-api-report")) return;
            if (message.logLevel === "warning" || message.logLevel === "error")
              problems.push(
                message.formatMessageWithLocation(REPO_ROOT).replace(declarationsDir, "dist"),
              );
          },
        },
      );
      return { config, changed: result.apiReportChanged, problems };
    });
  } finally {
    rmSync(tempFolder, { recursive: true, force: true });
  }
}

/** Generates the reference docs (constructs/typedoc.json) into `outDir`. */
export function generateDocs(outDir: string): void {
  tool("typedoc", ["--options", "typedoc.json", "--out", outDir, "--logLevel", "Warn"]);
}

/** Relative paths of the files under `dir`, sorted. */
function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path, base) : [relative(base, path)];
    })
    .sort();
}

/** Files that differ between two doc trees (added, removed or changed), empty when equal. */
export function diffTrees(expected: string, actual: string): string[] {
  const a = filesUnder(expected);
  const b = filesUnder(actual);
  const all = [...new Set([...a, ...b])].sort();
  return all.filter(
    (file) =>
      !a.includes(file) ||
      !b.includes(file) ||
      readFileSync(join(expected, file), "utf8") !== readFileSync(join(actual, file), "utf8"),
  );
}

/** What {@link checkApi} found; `ok` when the checked-in reports and docs are current. */
export interface ApiCheck {
  readonly ok: boolean;
  readonly reports: readonly ApiReportResult[];
  /** docs/api files that are stale, missing or extra. */
  readonly staleDocs: readonly string[];
  /** A reviewer's summary of what is wrong and how to fix it. */
  readonly message: string;
}

/** Checks, or with `update` rewrites, the API reports and the reference docs. */
export function checkApi(options: { update?: boolean } = {}): ApiCheck {
  const work = mkdtempSync(join(tmpdir(), "library-api-"));
  try {
    const declarations = join(work, "dist");
    buildDeclarations(declarations);
    const reports = apiReports(declarations, options);
    const docs = join(work, "docs");
    generateDocs(docs);
    if (options.update) {
      rmSync(DOCS_DIR, { recursive: true, force: true });
      cpSync(docs, DOCS_DIR, { recursive: true });
    }
    const staleDocs = options.update ? [] : diffTrees(DOCS_DIR, docs);
    const lines = [
      ...reports
        .filter((r) => r.changed && !options.update)
        .map((r) => `public API changed (${r.config}): review the diff of constructs/api/`),
      ...reports.flatMap((r) => r.problems),
      ...staleDocs.map((file) => `docs/api/${file} is not what the current API generates`),
    ];
    const ok = lines.length === 0;
    const message = ok
      ? "API reports and reference docs are current"
      : `${lines.join("\n")}\nAfter review, run \`npm run api\` and commit constructs/api/ and docs/api/.`;
    return { ok, reports, staleDocs, message };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  const check = checkApi({ update: !process.argv.includes("--check") });
  console.log(check.message);
  process.exit(check.ok ? 0 : 1);
}
