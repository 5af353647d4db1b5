/**
 * `npm run plan-preview -- <environment>`: plans every synthesized stack of the environment in
 * dependency order (after `npx cdktf synth`), prints the pull-request comment's Markdown and
 * exits non-zero when a stack fails to plan or breaks policy. Each stack folder keeps its saved
 * plan (plan.tfplan) for the deploy to apply.
 *
 * Terraform: TERRAFORM_BINARY_NAME, else `terraform` on PATH. checkov: CHECKOV_BINARY, conftest:
 * CONFTEST_BINARY, else the ones `npm run infra:bootstrap` built. The plan policies (policy/plan)
 * see the pull request's labels from PR_LABELS (a JSON list). In GitHub Actions the commit and
 * run link come from GITHUB_SHA, GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { planEnvironment } from "./plan-environment.js";
import {
  planOutcome,
  previewFailed,
  previewHasChanges,
  renderComment,
  type EnvironmentPreview,
} from "./plan-comment.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: "string", default: "cdktf.out" },
    "validate-only": { type: "boolean", default: false },
    "no-checkov": { type: "boolean", default: false },
    "no-plan-policy": { type: "boolean", default: false },
    "summary-json": { type: "string" },
  },
});
const environment = positionals[0];
if (!environment || positionals.length > 1) {
  process.stderr.write(
    "usage: npm run plan-preview -- <environment> [--out cdktf.out] [--validate-only] [--no-checkov] [--no-plan-policy] [--summary-json file]\n",
  );
  process.exit(2);
}

function commit(): string | undefined {
  if (process.env.GITHUB_SHA) return process.env.GITHUB_SHA;
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

/** The pull request's labels, which a plan policy may require (an approval). */
function pullRequestLabels(): string[] {
  const raw = process.env.PR_LABELS;
  if (!raw) return [];
  const labels = JSON.parse(raw) as unknown;
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === "string")) {
    process.stderr.write(`PR_LABELS must be a JSON list of label names, got ${raw}\n`);
    process.exit(2);
  }
  return labels;
}

const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
const stacks = await planEnvironment({
  outDir: values.out,
  environment,
  terraform: { bin: process.env.TERRAFORM_BINARY_NAME || "terraform" },
  validateOnly: values["validate-only"],
  checkov: values["no-checkov"]
    ? false
    : {
        baselineFile: "checkov/baseline.json",
        ...(process.env.CHECKOV_BINARY ? { bin: process.env.CHECKOV_BINARY } : {}),
      },
  planPolicy: values["no-plan-policy"]
    ? false
    : {
        policyDir: "policy/plan",
        approvals: pullRequestLabels(),
        ...(process.env.CONFTEST_BINARY ? { bin: process.env.CONFTEST_BINARY } : {}),
      },
  log: (line) => process.stderr.write(`[plan-preview] ${line}\n`),
});
const sha = commit();
const preview: EnvironmentPreview = {
  environment,
  stacks,
  ...(sha ? { commit: sha } : {}),
  ...(GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
    ? { runUrl: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}` }
    : {}),
  artifact: process.env.PLAN_ARTIFACT || `plan-${environment}`,
};
process.stdout.write(renderComment(preview));
const failed = previewFailed(preview);
if (values["summary-json"])
  writeFileSync(
    values["summary-json"],
    JSON.stringify({
      environment,
      commit: sha,
      failed,
      changes: previewHasChanges(preview),
      // The pull request's label (`<environment>/<outcome>`), when every stack was planned.
      outcome: planOutcome(preview) ?? null,
      stacks: stacks.map((s) => ({ name: s.name, outcome: s.outcome.kind })),
    }) + "\n",
  );
process.exit(failed ? 1 : 0);
