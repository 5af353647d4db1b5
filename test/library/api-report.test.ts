import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  apiReports,
  buildDeclarations,
  checkApi,
  diffTrees,
  DOCS_DIR,
} from "../../scripts/library/api.js";

const work = mkdtempSync(join(tmpdir(), "api-report-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the construct library's public API", () => {
  it("matches the reviewed API reports (constructs/api/) and reference docs (docs/api/)", () => {
    const check = checkApi();
    expect(check.message).toBe("API reports and reference docs are current");
    expect(check.ok).toBe(true);
  }, 180_000);

  it("fails on an unreviewed change: a new export that the report does not list", () => {
    const declarations = join(work, "dist");
    buildDeclarations(declarations);
    appendFileSync(
      join(declarations, "index.d.ts"),
      "\nexport declare const UNREVIEWED: number;\n",
    );
    const [main, aws] = apiReports(declarations);
    expect(main).toMatchObject({ config: "api-extractor.json", changed: true });
    expect(aws).toMatchObject({ config: "api-extractor.aws.json", changed: false });
  }, 180_000);

  it("finds reference docs that are stale, missing or extra", () => {
    const docs = join(work, "docs");
    cpSync(DOCS_DIR, docs, { recursive: true });
    writeFileSync(join(docs, "aws.md"), "edited by hand\n");
    writeFileSync(join(docs, "extra.md"), "not generated\n");
    expect(diffTrees(DOCS_DIR, docs)).toEqual(["aws.md", "extra.md"]);
  });
});
