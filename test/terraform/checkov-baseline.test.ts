/**
 * The checkov baseline format: every accepted finding names a check id and says why.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBaseline } from "../../scripts/infra/checkov";

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
