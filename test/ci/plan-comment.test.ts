/**
 * The renderer's rules that real plans rarely hit (the integration test renders real plans):
 * text that would break out of Markdown, the order sections are cut in, what fails the check,
 * the dependency order and the "waits for" rule.
 */
import { describe, expect, it } from "vitest";
import {
  previewFailed,
  renderComment,
  type EnvironmentPreview,
  type StackPreview,
} from "../../tools/plan-preview/plan-comment.js";
import { classifyOutcome } from "../../tools/plan-preview/plan-environment.js";
import { resourceChanges } from "../../tools/plan-preview/plan-json.js";
import { dependencyOrder } from "../../tools/plan-preview/stack-order.js";

const planned = (name: string, n: number): StackPreview => ({
  name,
  outcome: {
    kind: "planned",
    changes: Array.from({ length: n }, (_, i) => ({
      address: `kubernetes_config_map_v1.item_${i}`,
      action: "create" as const,
    })),
  },
});

const env = (stacks: StackPreview[]): EnvironmentPreview => ({ environment: "dev", stacks });

describe("renderComment", () => {
  it("keeps an error with backtick fences inside its own fence, and addresses with pipes in the table", () => {
    const markdown = renderComment(
      env([
        {
          name: "todo-dev-a|b",
          outcome: { kind: "failed", step: "init", error: "```\n</details>" },
        },
      ]),
    );
    expect(markdown).toContain("````text\n```\n</details>\n````");
    expect(markdown).toContain("| `todo-dev-a\\|b` |");
  });

  it("cuts the largest sections first and failures last, naming them", () => {
    const failed: StackPreview = {
      name: "todo-dev-broken",
      outcome: { kind: "failed", step: "plan", error: "x".repeat(3000) },
    };
    const stacks = [planned("todo-dev-small", 2), planned("todo-dev-big", 200), failed];
    const markdown = renderComment(env(stacks), { budget: 6000 });
    expect(markdown.length).toBeLessThanOrEqual(6000);
    expect(markdown).toContain("The details of `todo-dev-big` are left out");
    expect(markdown).toContain("<b>todo-dev-small</b>");
    expect(markdown).toContain("<b>todo-dev-broken</b>");
    expect(markdown).toContain("`todo-dev-big` | 200 |");
  });

  it("refuses a budget the summary alone exceeds rather than posting a cut table", () => {
    expect(() => renderComment(env([planned("todo-dev-a", 1)]), { budget: 100 })).toThrow(
      /over the budget of 100/,
    );
  });

  it("fails the check on a policy failure and on a failed plan, not on a waiting stack", () => {
    const policyFailed: StackPreview = {
      ...planned("todo-dev-a", 1),
      policy: {
        passed: 3,
        failed: [{ id: "CKV_K8S_16", name: "privileged", resource: "r" }],
        skipped: [],
      },
    };
    expect(previewFailed(env([policyFailed]))).toBe(true);
    const waiting: StackPreview = {
      name: "todo-dev-app",
      outcome: { kind: "blocked", waitingFor: ["todo-dev-platform"], error: "no CRD" },
    };
    expect(previewFailed(env([planned("todo-dev-platform", 1), waiting]))).toBe(false);
    expect(
      previewFailed(env([{ name: "x", outcome: { kind: "failed", step: "plan", error: "e" } }])),
    ).toBe(true);
  });
});

describe("classifyOutcome", () => {
  const failure = { kind: "failed", step: "plan", error: "boom" } as const;
  it("waits for a dependency with pending changes, fails when every dependency is applied", () => {
    const pending = new Map([["p", planned("p", 1).outcome]]);
    expect(classifyOutcome(failure, ["p"], pending)).toEqual({
      kind: "blocked",
      waitingFor: ["p"],
      error: "boom",
    });
    const applied = new Map([["p", planned("p", 0).outcome]]);
    expect(classifyOutcome(failure, ["p"], applied)).toEqual(failure);
    expect(classifyOutcome({ ...failure, step: "init" }, ["p"], pending)).toMatchObject({
      kind: "failed",
    });
  });
});

describe("dependencyOrder and resourceChanges", () => {
  it("orders dependencies first and refuses a cycle", () => {
    const s = (name: string, dependencies: string[]) => ({
      name,
      dependencies,
      workingDirectory: name,
    });
    expect(dependencyOrder([s("app", ["platform"]), s("platform", [])]).map((x) => x.name)).toEqual(
      ["platform", "app"],
    );
    expect(() => dependencyOrder([s("a", ["b"]), s("b", ["a"])])).toThrow(/cycle: a → b → a/);
  });

  it("maps plan actions and refuses an unknown plan format", () => {
    const change = (actions: string[]) => ({
      address: actions.join("_") || "none",
      change: { actions },
    });
    expect(
      resourceChanges({
        format_version: "1.2",
        resource_changes: [
          change(["create", "delete"]),
          change(["no-op"]),
          change(["read"]),
          change(["delete"]),
        ],
      }).map((c) => c.action),
    ).toEqual(["replace", "delete"]);
    expect(() => resourceChanges({ format_version: "2.0" })).toThrow(/format_version "2.0"/);
  });
});

describe("changed attributes", () => {
  /** A plan of one update, shaped as `terraform show -json` writes it. */
  const update = (change: Record<string, unknown>) =>
    resourceChanges({
      format_version: "1.2",
      resource_changes: [
        {
          address: "kubernetes_secret_v1.Credentials",
          type: "kubernetes_secret_v1",
          change: { actions: ["update"], ...change },
        },
      ],
    })[0]!;

  it("names the paths of sensitive and unknown values without their values", () => {
    const change = update({
      before: { data: { password: "old-secret" }, metadata: [{ labels: { a: "1" }, uid: "u1" }] },
      after: { data: { password: "new-secret" }, metadata: [{ labels: { a: "2" } }] },
      before_sensitive: { data: true },
      after_sensitive: { data: true },
      after_unknown: { metadata: [{ uid: true }] },
    });
    expect(change.changed).toEqual([
      { path: "data", note: "sensitive" },
      { path: "metadata[0].labels.a" },
      { path: "metadata[0].uid", note: "known after apply" },
    ]);
    const markdown = renderComment(
      env([{ name: "todo-dev-app", outcome: { kind: "planned", changes: [change] } }]),
    );
    expect(markdown).toContain(
      "- `kubernetes_secret_v1.Credentials`: `data` (sensitive), `metadata[0].labels.a`, `metadata[0].uid` (known after apply)",
    );
    expect(markdown).not.toMatch(/old-secret|new-secret/);
  });

  it("does not call a sensitive value changed when it is not", () => {
    const change = update({
      before: { data: { password: "same" }, immutable: false },
      after: { data: { password: "same" }, immutable: true },
      before_sensitive: { data: true },
      after_sensitive: { data: true },
    });
    expect(change.changed).toEqual([{ path: "immutable" }]);
  });
});

describe("likely renames", () => {
  const plan = (createdData: Record<string, string>) =>
    resourceChanges({
      format_version: "1.2",
      resource_changes: [
        {
          address: "kubernetes_config_map_v1.Old",
          type: "kubernetes_config_map_v1",
          change: {
            actions: ["delete"],
            before: { data: { a: "1" }, immutable: false, metadata: [{ name: "m", uid: "u" }] },
          },
        },
        {
          address: "kubernetes_config_map_v1.New",
          type: "kubernetes_config_map_v1",
          change: {
            actions: ["create"],
            after: { data: createdData, immutable: null, metadata: [{ name: "m" }] },
            after_unknown: { metadata: [{ uid: true }] },
          },
        },
      ],
    });

  it("pairs a create with the destroyed resource whose attributes it repeats", () => {
    expect(plan({ a: "1" })[1]!.likelyRenameOf).toBe("kubernetes_config_map_v1.Old");
  });

  it("does not pair resources whose attributes differ", () => {
    expect(plan({ a: "2" })[1]!.likelyRenameOf).toBeUndefined();
  });
});
