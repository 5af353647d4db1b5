/**
 * The checkov baseline format: every accepted finding names a check id and says why.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acceptingEntry, readBaseline, type CheckovCheck } from "../../testbed/checkers/checkov.js";

function baselineWith(skips: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "baseline-")), "baseline.json");
  writeFileSync(file, JSON.stringify({ skips }));
  return file;
}

describe("readBaseline", () => {
  it("reads the committed baseline", () => {
    expect(() => readBaseline("checkov/baseline.json")).not.toThrow();
  });

  it("reads an entry with check, resource patterns and reason", () => {
    const entry = {
      check: "CKV_K8S_43",
      resources: ["kubernetes_deployment_v1.*"],
      reason: "Images are pinned by tag; digests are resolved at release time.",
    };
    expect(readBaseline(baselineWith([entry]))).toEqual([entry]);
  });

  it("fails when an entry has no reason", () => {
    expect(() => readBaseline(baselineWith([{ check: "CKV_K8S_43" }]))).toThrow(
      /skips\[0\] \(CKV_K8S_43\) needs a reason/,
    );
  });

  it("fails when the check is not a checkov id", () => {
    expect(() =>
      readBaseline(baselineWith([{ check: "K8S_43", reason: "long enough reason" }])),
    ).toThrow(/skips\[0\]\.check must be a checkov id/);
  });

  it("fails when skips is missing", () => {
    const file = join(mkdtempSync(join(tmpdir(), "baseline-")), "baseline.json");
    writeFileSync(file, "{}");
    expect(() => readBaseline(file)).toThrow(/expected \{ "skips": \[\.\.\.\] \}/);
  });
});

describe("acceptingEntry", () => {
  const check: CheckovCheck = {
    id: "CKV_K8S_35",
    name: "Prefer using secrets as files over secrets as environment variables",
    resource: "kubernetes_deployment_v1.TaskApi_Deployment_1A2B3C",
    file: "todo-dev/cdk.tf.json",
  };
  const reason = "A reason long enough to explain the acceptance.";

  it("accepts by check id alone", () => {
    expect(acceptingEntry([{ check: "CKV_K8S_35", reason }], check)).toBeDefined();
  });

  it("does not accept another check id", () => {
    expect(acceptingEntry([{ check: "CKV_K8S_36", reason }], check)).toBeUndefined();
  });

  it("accepts only resources matching a pattern", () => {
    const entry = {
      check: "CKV_K8S_35",
      resources: ["kubernetes_deployment_v1.TaskApi_*"],
      reason,
    };
    expect(acceptingEntry([entry], check)).toBe(entry);
    expect(
      acceptingEntry([entry], { ...check, resource: "kubernetes_deployment_v1.Audit_X" }),
    ).toBeUndefined();
  });

  it("accepts only in files matching a pattern", () => {
    const entry = { check: "CKV_K8S_35", files: ["todo-dev/*"], reason };
    expect(acceptingEntry([entry], check)).toBe(entry);
    expect(acceptingEntry([entry], { ...check, file: "todo-prod/cdk.tf.json" })).toBeUndefined();
  });

  it("treats pattern characters other than * literally", () => {
    const entry = {
      check: "CKV_K8S_35",
      resources: ["kubernetes_deployment_v1.TaskApi_Deployment_1A2B3."],
      reason,
    };
    expect(acceptingEntry([entry], check)).toBeUndefined();
  });
});
