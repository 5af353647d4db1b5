/**
 * Plans every stack of one synthesized environment in dependency order (init, plan to a saved
 * plan file, `show -json` of it) and runs the policy checks (checkov on the configuration,
 * conftest on the plan), giving the renderer its inputs.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runCheckov } from "../../testbed/checkers/checkov.js";
import { runProcess, type ProcessResult } from "../../testbed/process/run-process.js";
import type { PolicyResult, StackOutcome, StackPreview } from "./plan-comment.js";
import { resourceChanges, type PlanJson } from "./plan-json.js";
import { runPlanPolicies, type PlanPolicyOptions } from "./plan-policy.js";
import { environmentStacks, type ManifestStack } from "./stack-order.js";

/** File name of the saved plan in each stack folder (the artifact the deploy applies). */
export const PLAN_FILE = "plan.tfplan";
/** Beside it: the Terraform release that made the plan (only that release may apply it). */
export const PLAN_VERSION_FILE = "plan.terraform-version";

export interface PlanEnvironmentOptions {
  /** Synthesized output folder (holding manifest.json). */
  readonly outDir: string;
  readonly environment: string;
  /** Terraform-compatible CLI and the environment to run it with (merged over process.env). */
  readonly terraform: { readonly bin: string; readonly env?: Readonly<Record<string, string>> };
  /** Validate only (`init -backend=false`, `validate`), for runs without credentials. */
  readonly validateOnly?: boolean;
  /** Run checkov with this baseline; false to leave the policy check out. */
  readonly checkov: false | { readonly baselineFile: string; readonly bin?: string };
  /** Run the Rego policies on each plan (conftest); false or absent to leave them out. */
  readonly planPolicy?: false | PlanPolicyOptions;
  /** Progress lines (to stderr in the CLI). */
  readonly log?: (line: string) => void;
}

/** Runs terraform without prompts in `cwd`. */
const run = (bin: string, args: string[], cwd: string, env: Record<string, string>) =>
  runProcess(bin, args, { cwd, env: { ...env, TF_IN_AUTOMATION: "1", TF_INPUT: "0" } });

/** Terraform's diagnostics (stderr, else stdout), without colour codes. */
const errorText = (r: ProcessResult) =>
  // eslint-disable-next-line no-control-regex
  (r.stderr.trim() || r.stdout.trim()).replace(/\u001b\[[0-9;]*m/g, "");

/**
 * A stack's steps until the first that fails; the outcome without the dependency rule, and the
 * plan's JSON for the plan policies.
 */
async function planStack(
  stack: ManifestStack,
  options: PlanEnvironmentOptions,
  serializeInit: <T>(step: () => Promise<T>) => Promise<T>,
): Promise<{ outcome: StackOutcome; planJson?: string }> {
  const dir = join(options.outDir, stack.workingDirectory);
  const env = { ...options.terraform.env };
  const step = async (name: string, args: string[]) => {
    const r = await run(options.terraform.bin, [name, "-no-color", ...args], dir, env);
    return r.code === 0
      ? undefined
      : ({ kind: "failed", step: name, error: errorText(r) } as const);
  };
  if (options.validateOnly)
    return {
      outcome: (await serializeInit(() => step("init", ["-input=false", "-backend=false"]))) ??
        (await step("validate", [])) ?? { kind: "validated" as const },
    };
  // A plan file left from an earlier run must never stand in for this run's plan.
  for (const file of [PLAN_FILE, PLAN_VERSION_FILE]) rmSync(join(dir, file), { force: true });
  const failed =
    (await serializeInit(() => step("init", ["-input=false"]))) ??
    (await step("plan", ["-input=false", `-out=${PLAN_FILE}`]));
  // Terraform may save an errored plan; only a successful plan may be left for the deploy.
  if (failed) {
    rmSync(join(dir, PLAN_FILE), { force: true });
    return { outcome: failed };
  }
  const show = await run(options.terraform.bin, ["show", "-json", PLAN_FILE], dir, env);
  if (show.code !== 0) return { outcome: { kind: "failed", step: "show", error: errorText(show) } };
  const planJson = show.stdout.slice(show.stdout.indexOf("{"));
  const plan = JSON.parse(planJson) as PlanJson;
  writeFileSync(join(dir, PLAN_VERSION_FILE), `${plan.terraform_version}\n`);
  return { outcome: { kind: "planned", changes: resourceChanges(plan) }, planJson };
}

/**
 * A stack that fails to plan while a stack it depends on is not applied (that one has changes
 * pending, or could not be planned itself) is waiting for it, not broken: its inputs do not
 * exist yet. With every dependency applied, a failure is a failure.
 */
export function classifyOutcome(
  outcome: StackOutcome,
  dependencies: readonly string[],
  planned: ReadonlyMap<string, StackOutcome>,
): StackOutcome {
  if (outcome.kind !== "failed" || outcome.step !== "plan") return outcome;
  const pending = dependencies.filter((d) => {
    const dep = planned.get(d);
    return dep !== undefined && !(dep.kind === "planned" && dep.changes.length === 0);
  });
  return pending.length ? { kind: "blocked", waitingFor: pending, error: outcome.error } : outcome;
}

async function planPolicy(
  planJson: string | undefined,
  options: PlanEnvironmentOptions,
): Promise<StackPreview["planPolicy"]> {
  if (!options.planPolicy || planJson === undefined) return undefined;
  try {
    return await runPlanPolicies(planJson, options.planPolicy);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

async function policy(
  dir: string,
  options: PlanEnvironmentOptions,
): Promise<StackPreview["policy"]> {
  if (!options.checkov) return undefined;
  try {
    const result = await runCheckov(dir, options.checkov);
    const finding = (c: { id: string; name: string; resource: string; reason?: string }) => ({
      id: c.id,
      name: c.name,
      resource: c.resource,
      ...(c.reason ? { reason: c.reason } : {}),
    });
    return {
      passed: result.passed.length,
      failed: result.failed.map(finding),
      skipped: result.suppressed.map(finding),
    } satisfies PolicyResult;
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The Terraform environment of a run: one plugin cache for every stack (the environment's, else
 * one in the synthesized output folder, kept for the next run), so each provider is installed
 * once and the other stacks' `init` only link it.
 */
function withPluginCache(options: PlanEnvironmentOptions): PlanEnvironmentOptions {
  const given = options.terraform.env ?? {};
  if (given.TF_PLUGIN_CACHE_DIR || process.env.TF_PLUGIN_CACHE_DIR) return options;
  const cache = resolve(options.outDir, ".terraform-plugin-cache");
  mkdirSync(cache, { recursive: true });
  const env = {
    ...given,
    TF_PLUGIN_CACHE_DIR: cache,
    // cdktf writes no lock file; the cache holds what the first init verified.
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "true",
  };
  return { ...options, terraform: { ...options.terraform, env } };
}

/**
 * Plans (or validates) each stack of the environment. A plan reads the applied state of the
 * stacks it depends on, never their plans, so every stack plans at once (checkov beside each
 * plan); a failure is then judged against its dependencies' outcomes. Previews come back in
 * dependency order.
 */
export async function planEnvironment(options: PlanEnvironmentOptions): Promise<StackPreview[]> {
  const run = withPluginCache(options);
  const stacks = environmentStacks(run.outDir, run.environment);
  // Terraform's plugin cache is not safe for concurrent installs: one init at a time.
  let initDone: Promise<unknown> = Promise.resolve();
  const oneInitAtATime = <T>(step: () => Promise<T>): Promise<T> => {
    const next = initDone.then(step);
    initDone = next.catch(() => undefined);
    return next;
  };
  const checked = await Promise.all(
    stacks.map(async (stack) => {
      run.log?.(`${stack.name}: ${run.validateOnly ? "validating" : "planning"}`);
      const [raw, result] = await Promise.all([
        planStack(stack, run, oneInitAtATime),
        policy(join(run.outDir, stack.workingDirectory), run),
      ]);
      return { stack, raw, result, onPlan: await planPolicy(raw.planJson, run) };
    }),
  );
  const outcomes = new Map<string, StackOutcome>();
  return checked.map(({ stack, raw, result, onPlan }) => {
    const outcome = classifyOutcome(raw.outcome, stack.dependencies, outcomes);
    outcomes.set(stack.name, outcome);
    run.log?.(`${stack.name}: ${outcome.kind}`);
    return {
      name: stack.name,
      outcome,
      ...(result ? { policy: result } : {}),
      ...(onPlan ? { planPolicy: onPlan } : {}),
    };
  });
}
