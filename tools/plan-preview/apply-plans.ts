/**
 * Applies the reviewed saved plans of one environment (the plan preview's artifact), in
 * dependency order, and nothing else: a stack without a saved plan (it waited for a stack it
 * depends on) stops the deploy, since applying it would apply a plan no one reviewed.
 *
 * CLI: `npx tsx tools/plan-preview/apply-plans.ts <environment> [--out <folder>]` with
 * TERRAFORM_BINARY_NAME or `terraform` on PATH; exits non-zero unless every stack applied.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PLAN_FILE } from "./plan-environment.js";
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

export async function applySavedPlans(options: ApplyOptions): Promise<ApplyResult> {
  const stacks = environmentStacks(options.outDir, options.environment);
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
  });
  if (result.unplanned.length) {
    process.stderr.write(
      `[apply] applied ${result.applied.join(", ") || "nothing"}; ${result.unplanned.join(", ")} had no reviewed plan (it waited for a stack applied now): open a pull request or re-run the plan preview to review its plan\n`,
    );
    process.exit(1);
  }
}
