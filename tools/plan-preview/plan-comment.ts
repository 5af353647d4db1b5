/**
 * The pull-request comment of one environment's plan preview, as Markdown: a pure function of
 * the stacks' plan outcomes and policy results, so it is tested without running anything.
 * It shows resource addresses, actions and the paths of changed attributes, never their values.
 */
import type { ChangeAction, ChangedAttribute, ResourceChange } from "./plan-json.js";
import type { PlanPolicyResult } from "./plan-policy.js";

/** GitHub refuses an issue comment body longer than this (characters). */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** What planning one stack gave. */
export type StackOutcome =
  | { readonly kind: "planned"; readonly changes: readonly ResourceChange[] }
  /** Validated only (no credentials, e.g. a pull request from a fork): not planned. */
  | { readonly kind: "validated" }
  /** Could not be planned because stacks it depends on are not applied yet: not a failure. */
  | { readonly kind: "blocked"; readonly waitingFor: readonly string[]; readonly error: string }
  | { readonly kind: "failed"; readonly step: string; readonly error: string };

/** One finding of the policy check (checkov). */
export interface PolicyFinding {
  readonly id: string;
  readonly name: string;
  readonly resource: string;
  /** For a finding the baseline accepts: why. */
  readonly reason?: string;
}

export interface PolicyResult {
  readonly passed: number;
  /** Failed checks the baseline does not accept. */
  readonly failed: readonly PolicyFinding[];
  /** Failed checks the baseline accepts (skipped, with the reason). */
  readonly skipped: readonly PolicyFinding[];
}

export interface StackPreview {
  readonly name: string;
  readonly outcome: StackOutcome;
  /** checkov on the configuration; undefined when it did not run (say, synthesis failed). */
  readonly policy?: PolicyResult | { readonly error: string };
  /** The Rego policies on the plan (conftest); undefined when the stack was not planned. */
  readonly planPolicy?: PlanPolicyResult | { readonly error: string };
}

export interface EnvironmentPreview {
  readonly environment: string;
  /** Stacks in dependency order. */
  readonly stacks: readonly StackPreview[];
  /** Commit the plans were made from. */
  readonly commit?: string;
  /** Link to the workflow run, where the plan artifact is. */
  readonly runUrl?: string;
  /** Name of the artifact holding the full saved plans. */
  readonly artifact?: string;
}

export interface RenderOptions {
  /** Most characters the comment may have. @default GITHUB_COMMENT_LIMIT */
  readonly budget?: number;
}

/** Hidden first line that finds this environment's comment again to update it in place. */
export const commentMarker = (environment: string) => `<!-- plan-preview:${environment} -->`;

/** The actions the table counts, in its column order. */
const ACTIONS: readonly { action: ChangeAction; title: string; column: string }[] = [
  { action: "create", title: "Create", column: "Add" },
  { action: "update", title: "Update in place", column: "Change" },
  { action: "replace", title: "Replace (destroy, then create)", column: "Replace" },
  { action: "delete", title: "Destroy", column: "Destroy" },
];
/** Every action a stack section lists, moves and imports without other changes last. */
const SECTIONS = [...ACTIONS, { action: "no-op" as const, title: "Moved or imported only" }];

/** Most changed attribute paths listed per resource; the rest are counted. */
const PATHS_PER_RESOURCE = 12;

const count = (changes: readonly ResourceChange[], action: ChangeAction) =>
  changes.filter((c) => c.action === action).length;

const broken = (policy: { error: string } | { failed: readonly unknown[] } | undefined) =>
  policy !== undefined && ("error" in policy || policy.failed.length > 0);

/** True when the preview must fail its check: a stack failed to plan or broke a policy. */
export function previewFailed(preview: EnvironmentPreview): boolean {
  return preview.stacks.some(
    (s) => s.outcome.kind === "failed" || broken(s.policy) || broken(s.planPolicy),
  );
}

/** The pull-request label of a plan, as tfcmt names them; a destroy outweighs the rest. */
export type PlanOutcome = "no-changes" | "add-or-update" | "destroy";

/** The outcome label of a fully planned environment; undefined when a stack was not planned. */
export function planOutcome(preview: EnvironmentPreview): PlanOutcome | undefined {
  const changes: ResourceChange[] = [];
  for (const s of preview.stacks) {
    if (s.outcome.kind !== "planned") return undefined;
    changes.push(...s.outcome.changes);
  }
  if (changes.some((c) => c.action === "delete" || c.action === "replace")) return "destroy";
  return changes.length ? "add-or-update" : "no-changes";
}

/** True when some stack would change (used by the drift check). */
export function previewHasChanges(preview: EnvironmentPreview): boolean {
  return preview.stacks.some((s) => s.outcome.kind === "planned" && s.outcome.changes.length > 0);
}

/** Inline code that survives any text (backticks inside, Markdown table pipes). */
function code(text: string): string {
  const ticks = "`".repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((t) => t.length)) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text.replaceAll("|", "\\|")}${pad}${ticks}`;
}

/** A fenced block longer than any backtick run in the text, so the text cannot close it. */
function fenced(text: string): string {
  const fence = "`".repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((t) => t.length + 1)));
  return `${fence}text\n${text.trimEnd()}\n${fence}`;
}

const escapeHtml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

function outcomeCells(outcome: StackOutcome): string[] {
  switch (outcome.kind) {
    case "planned":
      return ACTIONS.map(({ action }) => String(count(outcome.changes, action)));
    case "validated":
      return ["validated, not planned", "", "", ""];
    case "blocked":
      return [`⏸ waits for ${outcome.waitingFor.map(code).join(", ")} to be applied`, "", "", ""];
    case "failed":
      return [`❌ ${outcome.step} failed`, "", "", ""];
  }
}

function planPolicyCell(policy: StackPreview["planPolicy"]): string {
  if (!policy) return "not run";
  if ("error" in policy) return "❌ conftest failed to run";
  return policy.failed.length ? `❌ ${policy.failed.length} refused` : `✅ ${policy.passed} passed`;
}

function policyCell(policy: StackPreview["policy"]): string {
  if (!policy) return "not run";
  if ("error" in policy) return "❌ checkov failed to run";
  const skipped = policy.skipped.length ? `, ${policy.skipped.length} skipped` : "";
  return policy.failed.length
    ? `❌ ${policy.failed.length} failed${skipped}`
    : `✅ ${policy.passed} passed${skipped}`;
}

const isDestructive = (s: StackPreview) =>
  s.outcome.kind === "planned" &&
  s.outcome.changes.some((c) => c.action === "replace" || c.action === "delete");

function table(stacks: readonly StackPreview[]): string {
  const header = `| Stack | ${ACTIONS.map((a) => a.column).join(" | ")} | Policy | Plan policy |`;
  const rule = `|${" --- |".repeat(ACTIONS.length + 3)}`;
  const rows = stacks.map(
    (s) =>
      `| ${isDestructive(s) ? "⚠️ " : ""}${code(s.name)} | ${outcomeCells(s.outcome).join(" | ")} | ${policyCell(s.policy)} | ${planPolicyCell(s.planPolicy)} |`,
  );
  return [header, rule, ...rows].join("\n");
}

/** The warning at the top: every resource that would be destroyed or replaced, by stack. */
function destructiveWarning(stacks: readonly StackPreview[]): string | undefined {
  const lines: string[] = [];
  for (const s of stacks) {
    if (s.outcome.kind !== "planned") continue;
    for (const c of s.outcome.changes) {
      if (c.action === "delete") lines.push(`> - ${code(s.name)}: destroys ${code(c.address)}`);
      if (c.action === "replace")
        lines.push(
          `> - ${code(s.name)}: replaces ${code(c.address)}${c.replacedBecause ? ` (forced by ${c.replacedBecause.map(code).join(", ")})` : ""}`,
        );
    }
  }
  if (lines.length === 0) return undefined;
  const renames = stacks.flatMap((s) =>
    s.outcome.kind === "planned"
      ? s.outcome.changes
          .filter((c) => c.likelyRenameOf)
          .map(
            (c) =>
              `> - ${code(s.name)}: ${code(c.address)} has every known attribute of the destroyed ${code(c.likelyRenameOf!)}: most likely a renamed construct id. To keep the resource, move its state: ${code(`${resourceName(c.address)}.moveFromId("${c.likelyRenameOf}")`)} in the stack (a \`moved\` block), or rename the construct back.`,
          )
      : [],
  );
  return [
    "> [!CAUTION]",
    "> **This change destroys or replaces resources:**",
    ...lines,
    ...(renames.length
      ? [">", "> **Likely renames (destroy + create of the same resource):**", ...renames]
      : []),
  ].join("\n");
}

/** The construct a reviewer edits for an address: its resource name (`kubernetes_x.Name` → `Name`). */
const resourceName = (address: string) => address.split(".").slice(1).join(".");

/** `path`, `path` (sensitive), ... for one resource; never a value. */
function attributeList(changed: readonly ChangedAttribute[]): string {
  const shown = changed
    .slice(0, PATHS_PER_RESOURCE)
    .map((c) => `${code(c.path || "(the whole resource)")}${c.note ? ` (${c.note})` : ""}`);
  const more = changed.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

/** One resource's line in its stack section. */
function changeLine(c: ResourceChange): string {
  const notes = [
    c.changed?.length ? attributeList(c.changed) : undefined,
    c.movedFrom ? `moved from ${code(c.movedFrom)}` : undefined,
    c.imported ? "imported" : undefined,
    c.likelyRenameOf ? `likely the renamed ${code(c.likelyRenameOf)}` : undefined,
  ].filter(Boolean);
  return `- ${code(c.address)}${notes.length ? `: ${notes.join("; ")}` : ""}`;
}

function summaryLine(outcome: StackOutcome): string {
  switch (outcome.kind) {
    case "planned": {
      const parts = ACTIONS.map(({ action, title }) => [count(outcome.changes, action), title])
        .filter(([n]) => n)
        .map(([n, title]) => `${n} to ${String(title).split(" ")[0]!.toLowerCase()}`);
      const moved = outcome.changes.filter((c) => c.movedFrom).length;
      const imported = outcome.changes.filter((c) => c.imported).length;
      if (moved) parts.push(`${moved} moved`);
      if (imported) parts.push(`${imported} imported`);
      return parts.length ? parts.join(", ") : "no changes";
    }
    case "validated":
      return "validated (no credentials to plan)";
    case "blocked":
      return `waits for ${outcome.waitingFor.join(", ")}`;
    case "failed":
      return `${outcome.step} failed`;
  }
}

function policySection(policy: StackPreview["policy"]): string[] {
  if (!policy) return [];
  if ("error" in policy) return ["**checkov failed to run:**", "", fenced(policy.error)];
  const out: string[] = [];
  // One line per check (and reason), naming every resource it concerns.
  const list = (title: string, findings: readonly PolicyFinding[]) => {
    if (!findings.length) return;
    out.push(`**${title} (${findings.length})**`, "");
    const groups = new Map<string, PolicyFinding[]>();
    for (const f of findings) {
      const key = JSON.stringify([f.id, f.name, f.reason]);
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const [first, ...rest] of groups.values())
      out.push(
        `- ${code(first!.id)} ${escapeHtml(first!.name)}: ${[first!, ...rest].map((f) => code(f.resource)).join(", ")}${first!.reason ? `. Skipped because: ${escapeHtml(first!.reason)}` : ""}`,
      );
    out.push("");
  };
  list("Failed policy checks", policy.failed);
  list("Skipped policy checks", policy.skipped);
  return out;
}

function planPolicySection(policy: StackPreview["planPolicy"]): string[] {
  if (!policy) return [];
  if ("error" in policy) return ["**conftest failed to run:**", "", fenced(policy.error)];
  if (!policy.failed.length) return [];
  return [
    `**Refused by plan policy (${policy.failed.length})**`,
    "",
    ...policy.failed.map((f) => `- ${code(f.policy)}: ${escapeHtml(f.message)}`),
    "",
  ];
}

/** One stack's collapsed section: its resource addresses by action, its policy findings. */
function stackSection(s: StackPreview): string {
  const o = s.outcome;
  // A failure is open: the reviewer must see it without clicking.
  const open = o.kind === "failed" || broken(s.policy) || broken(s.planPolicy);
  const body: string[] = [];
  if (o.kind === "planned")
    for (const { action, title } of SECTIONS) {
      const changes = o.changes.filter((c) => c.action === action);
      if (!changes.length) continue;
      body.push(`**${title} (${changes.length})**`, "");
      for (const c of changes) body.push(changeLine(c));
      body.push("");
    }
  if (o.kind === "blocked")
    body.push(
      `Not planned yet: it needs ${o.waitingFor.map(code).join(", ")} applied first (its plan fails until then, see below). The preview after that apply plans it.`,
      "",
      "<details><summary>Terraform's message</summary>",
      "",
      fenced(o.error),
      "",
      "</details>",
      "",
    );
  if (o.kind === "failed")
    body.push(`**\`terraform ${o.step}\` failed:**`, "", fenced(o.error), "");
  body.push(...policySection(s.policy), ...planPolicySection(s.planPolicy));
  return [
    `<details${open ? " open" : ""}><summary><b>${escapeHtml(s.name)}</b>: ${escapeHtml(summaryLine(o))}</summary>`,
    "",
    ...body,
    "</details>",
  ].join("\n");
}

function omittedNotice(preview: EnvironmentPreview, omitted: readonly string[]): string {
  const where = preview.runUrl
    ? `the ${preview.artifact ? `${code(preview.artifact)} artifact of the ` : ""}[workflow run](${preview.runUrl})`
    : preview.artifact
      ? `the ${code(preview.artifact)} artifact`
      : "the saved plans of the run";
  return [
    "> [!NOTE]",
    `> The details of ${omitted.map(code).join(", ")} are left out to stay within GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}-character comment limit. The full plans are in ${where}.`,
  ].join("\n");
}

/**
 * Renders the comment. Header, warnings and table always stay; when the whole does not fit
 * `budget`, stack sections are left out whole (largest first, failures last) and a notice says
 * which and where the full plans are.
 */
export function renderComment(preview: EnvironmentPreview, options: RenderOptions = {}): string {
  const budget = options.budget ?? GITHUB_COMMENT_LIMIT;
  const head: string[] = [commentMarker(preview.environment)];
  head.push(`### Plan preview: ${code(preview.environment)}`, "");
  const provenance = [
    preview.commit ? `Commit ${code(preview.commit)}` : undefined,
    preview.runUrl ? `[workflow run](${preview.runUrl})` : undefined,
  ].filter(Boolean);
  if (provenance.length) head.push(provenance.join(" · "), "");
  const warning = destructiveWarning(preview.stacks);
  if (warning) head.push(warning, "");
  head.push(table(preview.stacks), "");

  const sections = preview.stacks.map((s) => ({ name: s.name, text: stackSection(s), stack: s }));
  const kept = new Set(sections);
  const render = () => {
    const omitted = sections.filter((s) => !kept.has(s)).map((s) => s.name);
    return [
      ...head,
      ...(omitted.length ? [omittedNotice(preview, omitted), ""] : []),
      ...sections.filter((s) => kept.has(s)).flatMap((s) => [s.text, ""]),
    ].join("\n");
  };
  const dropOrder = [...sections].sort(
    (a, b) =>
      Number(a.stack.outcome.kind === "failed") - Number(b.stack.outcome.kind === "failed") ||
      b.text.length - a.text.length,
  );
  let text = render();
  for (const section of dropOrder) {
    if (text.length <= budget) break;
    kept.delete(section);
    text = render();
  }
  if (text.length > budget)
    throw new Error(
      `the plan preview's summary alone is ${text.length} characters, over the budget of ${budget}`,
    );
  return text;
}
