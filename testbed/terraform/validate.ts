/**
 * `terraform validate` (or `tofu validate`) of a synthesized cdktf stack against the real,
 * locally built providers it pins.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { runProcess } from "../process/run-process.js";
import { ensureTerraform, type TerraformToolchain } from "./terraform.js";

/** One diagnostic of `validate -json`, or of a failed `init`. */
export interface ValidationDiagnostic {
  readonly severity: "error" | "warning";
  /** Which step produced it: `init` (providers, modules) or `validate` (the configuration). */
  readonly phase: "init" | "validate";
  readonly summary: string;
  readonly detail: string;
  /** Where in the configuration, when the CLI reports it (e.g. `cdk.tf.json:42`). */
  readonly location?: string;
}

/** Outcome of {@link validateStack}. */
export interface StackValidation {
  /** True when init succeeded and validate reported no error (warnings allowed). */
  readonly valid: boolean;
  readonly diagnostics: readonly ValidationDiagnostic[];
  /** The CLI that validated, e.g. `tofu 1.12.6`. */
  readonly validatedWith: string;
}

/** Options of {@link validateStack}. */
export interface ValidateStackOptions {
  /**
   * The CLI to use.
   * @default - ensureTerraform({ build: false }): what the bootstrap built; never builds
   */
  readonly toolchain?: TerraformToolchain;
}

/**
 * Validates one synthesized stack directory (the folder holding `cdk.tf.json`, e.g.
 * `cdktf.out/stacks/todo-dev`, or `join(Testing.fullSynth(stack), "stacks", name)`).
 *
 * Runs `init -backend=false` and `validate -json` in a temporary copy, so the stack folder
 * gets no `.terraform` and remote backends need no credentials. Providers come from the local
 * mirror through the plugin cache, so a re-run takes seconds.
 *
 * @example
 * const result = await validateStack(join(Testing.fullSynth(stack), "stacks", "test"));
 * expect(result.valid, formatDiagnostics(result)).toBe(true);
 */
export async function validateStack(
  stackDir: string,
  options: ValidateStackOptions = {},
): Promise<StackValidation> {
  if (!existsSync(join(stackDir, "cdk.tf.json")))
    throw new Error(`${stackDir} holds no cdk.tf.json: pass the folder of one synthesized stack`);
  const toolchain = options.toolchain ?? (await ensureTerraform({ build: false }));
  const validatedWith = `${toolchain.kind} ${toolchain.version}`;
  const workDir = mkdtempSync(join(tmpdir(), `validate-${basename(stackDir)}-`));
  try {
    cpSync(stackDir, workDir, {
      recursive: true,
      filter: (src) => !/(^|[\\/])(\.terraform|[^\\/]*\.tfstate[^\\/]*)$/.test(src),
    });
    const init = await run(
      toolchain,
      ["init", "-backend=false", "-input=false", "-no-color"],
      workDir,
    );
    if (init.code !== 0) {
      return {
        valid: false,
        validatedWith,
        diagnostics: [
          {
            severity: "error",
            phase: "init",
            summary: "init failed",
            detail: initHint(init.output, toolchain),
          },
        ],
      };
    }
    const validate = await run(toolchain, ["validate", "-json", "-no-color"], workDir);
    return { ...parseValidateJson(validate.output), validatedWith };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * The stack folders of a cdktf output directory (`cdktf.out`, or what `Testing.fullSynth`
 * returned), sorted by stack name: feed each to {@link validateStack} or `runCheckov`.
 */
export function synthesizedStackDirs(outdir: string): string[] {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return [];
  return readdirSync(stacksDir)
    .sort()
    .map((name) => join(stacksDir, name))
    .filter((dir) => existsSync(join(dir, "cdk.tf.json")));
}

/** Diagnostics as readable lines, for assertion messages. */
export function formatDiagnostics(result: StackValidation): string {
  if (result.diagnostics.length === 0) return `valid (${result.validatedWith})`;
  return result.diagnostics
    .map(
      (d) =>
        `${d.severity} [${d.phase}] ${d.summary}${d.location ? ` at ${d.location}` : ""}: ${d.detail}`,
    )
    .join("\n");
}

function initHint(output: string, toolchain: TerraformToolchain): string {
  if (
    !/no available releases match|not found in any of the search locations|Failed to query available provider packages/i.test(
      output,
    )
  )
    return output.trim();
  const missing = /provider ([\w.-]+\/[\w-]+\/([\w-]+))/.exec(output);
  const built = missing && (toolchain.providers as readonly string[]).includes(missing[2]!);
  const hint = built
    ? `${missing[1]} is built but the mirror did not offer it: check TF_CLI_CONFIG_FILE (${toolchain.env.TF_CLI_CONFIG_FILE}).`
    : `${missing ? `${missing[1]} is not built here; ` : ""}providers available locally: ${toolchain.providers.join(", ")}. ` +
      "Run `npm run infra:bootstrap` (TODO_TF_BUILD_AWS=1 to include AWS), or keep providers that cannot be built here out of validated stacks.";
  return `${output.trim()}\n${hint}`;
}

interface ValidateJson {
  valid?: boolean;
  diagnostics?: {
    severity: "error" | "warning";
    summary: string;
    detail?: string;
    range?: { filename: string; start: { line: number } };
  }[];
}

function parseValidateJson(output: string): Omit<StackValidation, "validatedWith"> {
  let parsed: ValidateJson;
  try {
    parsed = JSON.parse(output.slice(output.indexOf("{"))) as ValidateJson;
  } catch {
    return {
      valid: false,
      diagnostics: [
        {
          severity: "error",
          phase: "validate",
          summary: "unreadable validate output",
          detail: output,
        },
      ],
    };
  }
  const diagnostics = (parsed.diagnostics ?? []).map((d): ValidationDiagnostic => ({
    severity: d.severity,
    phase: "validate",
    summary: d.summary,
    detail: d.detail ?? "",
    ...(d.range ? { location: `${d.range.filename}:${d.range.start.line}` } : {}),
  }));
  return {
    valid: parsed.valid === true && !diagnostics.some((d) => d.severity === "error"),
    diagnostics,
  };
}

/** Runs terraform in `cwd`; `validate -json` reads stdout only (stderr still has init errors). */
async function run(
  toolchain: TerraformToolchain,
  args: string[],
  cwd: string,
): Promise<{ code: number; output: string }> {
  const r = await runProcess(toolchain.bin, args, { cwd, env: toolchain.env });
  return { code: r.code, output: args[0] === "validate" ? r.stdout || r.stderr : r.output };
}
