/**
 * Applies the reviewed saved plans of one environment (the plan preview's artifact), in
 * dependency order, and nothing else: a stack without a saved plan (it waited for a stack it
 * depends on) stops the deploy, since applying it would apply a plan no one reviewed. A plan
 * made by another Terraform release is refused before anything is applied.
 *
 * CLI: `npx tsx tools/plan-preview/apply-plans.ts <environment> [--out <folder>]` with
 * TERRAFORM_BINARY_NAME or `terraform` on PATH; exits non-zero unless every stack applied.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { cliVersion } from "../../testbed/terraform/terraform.js";
import { PLAN_FILE, PLAN_VERSION_FILE } from "./plan-environment.js";
import { environmentStacks } from "./stack-order.js";

export interface ApplyResult {
  readonly applied: readonly string[];
  /** The first stack that had no reviewed plan, and the stacks after it (not applied). */
  readonly unplanned: readonly string[];
}

export interface ApplyOptions {
  readonly outDir: string;
  readonly environment: string;
  readonly terraform: { readonly bin: string; readonly env?: Readonly<Record<string, string>> };
  readonly log?: (line: string) => void;
}

function terraform(options: ApplyOptions, cwd: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(options.terraform.bin, args, {
      cwd,
      env: { ...process.env, ...options.terraform.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`terraform ${args.join(" ")} in ${cwd} exited with ${code}`)),
    );
  });
}

/**
 * Refuses, naming both releases, when a saved plan was made by another Terraform release than
 * the one that would apply it (Terraform's own refusal would come mid-deploy, after the
 * stacks before it were applied).
 */
async function requireSameRelease(options: ApplyOptions, dirs: Map<string, string>) {
  const applying = await cliVersion(options.terraform.bin, { ...options.terraform.env });
  for (const [stack, dir] of dirs) {
    const versionFile = join(dir, PLAN_VERSION_FILE);
    const made = existsSync(versionFile) ? readFileSync(versionFile, "utf8").trim() : "unknown";
    if (made !== applying)
      throw new Error(
        `${stack}: its saved plan was made by Terraform ${made}, and this is Terraform ${applying}; a plan applies only with the release that made it: install ${made === "unknown" ? "the release of the plan preview" : made} (.terraform-version pins it) or plan again`,
      );
  }
}

export async function applySavedPlans(options: ApplyOptions): Promise<ApplyResult> {
  const stacks = environmentStacks(options.outDir, options.environment);
  const planned = new Map(
    stacks
      .map((s) => [s.name, join(options.outDir, s.workingDirectory)] as const)
      .filter(([, dir]) => existsSync(join(dir, PLAN_FILE))),
  );
  await requireSameRelease(options, planned);
  const applied: string[] = [];
  for (const [index, stack] of stacks.entries()) {
    const dir = join(options.outDir, stack.workingDirectory);
    if (!existsSync(join(dir, PLAN_FILE)))
      return { applied, unplanned: stacks.slice(index).map((s) => s.name) };
    options.log?.(`${stack.name}: applying the reviewed plan`);
    await terraform(options, dir, ["init", "-input=false"]);
    // A saved plan applies exactly what it says, or fails if the state changed since.
    await terraform(options, dir, ["apply", "-input=false", PLAN_FILE]);
    applied.push(stack.name);
  }
  return { applied, unplanned: [] };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string", default: "cdktf.out" } },
  });
  const environment = positionals[0];
  if (!environment) {
    process.stderr.write(
      "usage: tsx tools/plan-preview/apply-plans.ts <environment> [--out folder]\n",
    );
    process.exit(2);
  }
  const result = await applySavedPlans({
    outDir: values.out,
    environment,
    terraform: { bin: process.env.TERRAFORM_BINARY_NAME || "terraform" },
    log: (line) => process.stderr.write(`[apply] ${line}\n`),
  }).catch((error: Error) => {
    process.stderr.write(`[apply] ${error.message}\n`);
    process.exit(1);
  });
  if (result.unplanned.length) {
    process.stderr.write(
      `[apply] applied ${result.applied.join(", ") || "nothing"}; ${result.unplanned.join(", ")} had no reviewed plan (it waited for a stack applied now): open a pull request or re-run the plan preview to review its plan\n`,
    );
    process.exit(1);
  }
}
