import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { UpstreamArtifact } from "./upstream-artifacts.js";
import { treeDigest, upstreamDir, UPSTREAM_MIRROR_VARIABLE } from "./upstream-data.js";

const files = { "crds/a.yaml": "kind: CustomResourceDefinition\n", "values.yaml": "replicas: 1\n" };

function writeTree(root: string, tree: Record<string, string>): void {
  for (const [path, content] of Object.entries(tree)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

describe("upstream data", () => {
  let scratch: string;
  let server: Server;
  let baseUrl: string;
  let sha256: string;
  let names = 0;
  const saved = {
    cache: process.env.TODO_PLATFORM_CACHE,
    mirror: process.env[UPSTREAM_MIRROR_VARIABLE],
  };

  /** An artifact with a fresh name (each test gets its own cache entry), served as `chart.tgz`. */
  const artifact = (url = `${baseUrl}/chart.tgz`): UpstreamArtifact => ({
    name: `demo-${++names}/chart`,
    source: { kind: "chart-archive", url },
    files: { "crds/a.yaml": "demo/crds/a.yaml", "values.yaml": "demo/values.yaml" },
    sha256,
  });

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "todo-upstream-test-"));
    const chart = join(scratch, "chart");
    writeTree(join(chart, "demo"), files);
    sha256 = treeDigest(join(chart, "demo"), Object.keys(files));
    spawnSync("tar", ["-czf", join(scratch, "chart.tgz"), "-C", chart, "demo"]);
    const archive = readFileSync(join(scratch, "chart.tgz"));
    server = createServer((req, res) => {
      if (req.url === "/chart.tgz") res.end(archive);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(scratch, { recursive: true, force: true });
  });

  beforeEach(() => {
    process.env.TODO_PLATFORM_CACHE = mkdtempSync(join(scratch, "cache-"));
    delete process.env[UPSTREAM_MIRROR_VARIABLE];
  });

  afterEach(() => {
    for (const [key, value] of [
      ["TODO_PLATFORM_CACHE", saved.cache],
      [UPSTREAM_MIRROR_VARIABLE, saved.mirror],
    ] as const)
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  });

  it("unpacks a chart archive from its repository and keeps the pinned files", async () => {
    const dir = await upstreamDir(artifact());
    expect(readFileSync(join(dir, "values.yaml"), "utf8")).toBe(files["values.yaml"]);
    expect(treeDigest(dir, Object.keys(files))).toBe(sha256);
  });

  it("reads the offline mirror instead when it holds the artifact", async () => {
    const mirrored = artifact(`${baseUrl}/missing.tgz`);
    const mirror = mkdtempSync(join(scratch, "mirror-"));
    writeTree(join(mirror, mirrored.name), files);
    process.env[UPSTREAM_MIRROR_VARIABLE] = mirror;
    const dir = await upstreamDir(mirrored);
    expect(readFileSync(join(dir, "crds/a.yaml"), "utf8")).toBe(files["crds/a.yaml"]);
  });

  it("refuses files whose checksum differs from the pin", async () => {
    const tampered = artifact();
    const mirror = mkdtempSync(join(scratch, "mirror-"));
    writeTree(join(mirror, tampered.name), { ...files, "values.yaml": "replicas: 2\n" });
    process.env[UPSTREAM_MIRROR_VARIABLE] = mirror;
    await expect(upstreamDir(tampered)).rejects.toThrow(
      new RegExp(
        `${tampered.name} from the mirror .* has SHA-256 [0-9a-f]{64}, but upstream-artifacts.ts pins ${sha256}`,
      ),
    );
  });

  it("says how to get an artifact that neither its source nor a mirror has", async () => {
    const unreachable = artifact(`${baseUrl}/gone.tgz`);
    await expect(upstreamDir(unreachable)).rejects.toThrow(
      new RegExp(
        `${unreachable.name} is not in the cache and could not be fetched \\(.*answered 404\\)\\. ` +
          `Run \`npm run infra:bootstrap\` where .* is reachable, or set ${UPSTREAM_MIRROR_VARIABLE} to a folder holding ${unreachable.name}/`,
      ),
    );
  });
});
