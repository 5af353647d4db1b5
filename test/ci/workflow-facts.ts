/**
 * What the deploy workflows say about environments and Terraform, read from their YAML, so a
 * test can hold them to the environments and the pin (and show a bad workflow refused).
 */
import { parse } from "yaml";
import type { Environment } from "../../environments/schema.js";

interface WorkflowStep {
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly jobs?: Record<
    string,
    { strategy?: { matrix?: { environment?: unknown } }; steps?: WorkflowStep[] }
  >;
}

const jobsOf = (yaml: string) => Object.entries((parse(yaml) as Workflow).jobs ?? {});

/** Environments the workflow plans or applies: its jobs' `strategy.matrix.environment`. */
export function workflowEnvironments(yaml: string): string[] {
  return jobsOf(yaml).flatMap(([, job]) => {
    const listed = job.strategy?.matrix?.environment;
    return Array.isArray(listed) ? listed.map(String) : [];
  });
}

/**
 * `<workflow>: <environment>` for each environment a workflow touches whose state is a local
 * file: a CI runner throws it away, so the next run plans everything again.
 */
export function localStateInWorkflows(
  workflows: Record<string, string>,
  environments: readonly Environment[],
): string[] {
  const local = new Set(environments.filter((e) => e.backend.kind === "local").map((e) => e.name));
  return Object.entries(workflows).flatMap(([file, yaml]) =>
    workflowEnvironments(yaml)
      .filter((name) => local.has(name))
      .map((name) => `${file}: ${name}`),
  );
}

/**
 * `<workflow>: <job>` for each `hashicorp/setup-terraform` step that does not install the
 * release of `.terraform-version` (read by an earlier step of the same job into its output).
 */
export function unpinnedTerraformSteps(workflows: Record<string, string>): string[] {
  return Object.entries(workflows).flatMap(([file, yaml]) =>
    jobsOf(yaml).flatMap(([name, job]) => {
      const steps = job.steps ?? [];
      return steps
        .map((step, index) => ({ step, index }))
        .filter(({ step }) => step.uses?.startsWith("hashicorp/setup-terraform@"))
        .filter(({ step, index }) => {
          const wanted = /^\$\{\{ steps\.([\w-]+)\.outputs\.version \}\}$/.exec(
            String(step.with?.terraform_version ?? ""),
          );
          const reader = steps
            .slice(0, index)
            .find((s) => s.id === wanted?.[1] && /\bcat \.terraform-version\b/.test(s.run ?? ""));
          return !reader;
        })
        .map(() => `${file}: ${name}`);
    }),
  );
}
