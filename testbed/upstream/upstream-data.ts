/**
 * Fetches the upstream artifacts of upstream-artifacts.ts into the cache, like every other
 * component: from their source, or from an offline mirror folder named by
 * {@link UPSTREAM_MIRROR_VARIABLE} (laid out `<artifact name>/<file>`), verified against the
 * pinned SHA-256 either way. Tests read them through {@link upstreamDir}.
 */
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cacheDir, isStamped, stamp } from "../bootstrap/cache.js";
import { BootstrapError, progress, runStep } from "../bootstrap/build-step.js";
import { downloadGoModule } from "../bootstrap/go-build.js";
import {
  UPSTREAM_ARTIFACTS,
  type UpstreamArtifact,
  type UpstreamSource,
} from "./upstream-artifacts.js";

/** Names a folder holding the artifacts offline, e.g. a checkout of the projects' reference data. */
export const UPSTREAM_MIRROR_VARIABLE = "TODO_PLATFORM_UPSTREAM_MIRROR";

const COMPONENT = "upstream";

/**
 * SHA-256 over the artifact's files: one line `<path> <sha256 of its bytes>` per file, sorted
 * by path. Names and contents both count, so a renamed, missing or changed file changes it.
 */
export function treeDigest(dir: string, paths: readonly string[]): string {
  const lines = [...paths].sort().map(
    (path) =>
      `${path} ${createHash("sha256")
        .update(readFileSync(join(dir, path)))
        .digest("hex")}\n`,
  );
  return createHash("sha256").update(lines.join("")).digest("hex");
}

const pending = new Map<string, Promise<string>>();

/** The cached folder of one artifact, fetched first when missing. */
export function upstreamDir(artifact: UpstreamArtifact): Promise<string> {
  let dir = pending.get(artifact.name);
  if (!dir) {
    dir = fetchArtifact(artifact);
    dir.catch(() => pending.delete(artifact.name));
    pending.set(artifact.name, dir);
  }
  return dir;
}

/** Fetches (or finds in the cache) every artifact; the bootstrap's step. */
export async function ensureUpstreamData(): Promise<void> {
  for (const artifact of UPSTREAM_ARTIFACTS) await upstreamDir(artifact);
  progress(COMPONENT, `${UPSTREAM_ARTIFACTS.length} artifacts verified`);
}

async function fetchArtifact(artifact: UpstreamArtifact): Promise<string> {
  const target = join(cacheDir("upstream"), artifact.name);
  if (isStamped(target, artifact.sha256)) return target;
  const staging = mkdtempSync(join(tmpdir(), "todo-upstream-"));
  try {
    const origin = await copyFromMirror(artifact, staging).then(
      (mirrored) => mirrored ?? copyFromSource(artifact, staging),
    );
    const digest = treeDigest(staging, Object.keys(artifact.files));
    if (digest !== artifact.sha256)
      throw new BootstrapError(
        COMPONENT,
        `${artifact.name} from ${origin} has SHA-256 ${digest}, but upstream-artifacts.ts pins ${artifact.sha256}`,
      );
    stamp(staging, artifact.sha256);
    mkdirSync(dirname(target), { recursive: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    return target;
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/** Copies the artifact from the offline mirror when one is named and holds all of its files. */
async function copyFromMirror(
  artifact: UpstreamArtifact,
  staging: string,
): Promise<string | undefined> {
  const mirror = process.env[UPSTREAM_MIRROR_VARIABLE];
  if (!mirror) return undefined;
  const from = join(mirror, artifact.name);
  if (!Object.keys(artifact.files).every((path) => existsSync(join(from, path)))) return undefined;
  for (const path of Object.keys(artifact.files)) copyInto(join(from, path), join(staging, path));
  return `the mirror ${from}`;
}

async function copyFromSource(artifact: UpstreamArtifact, staging: string): Promise<string> {
  const root = await sourceRoot(artifact.source).catch((err: Error) => {
    throw new BootstrapError(
      COMPONENT,
      `${artifact.name} is not in the cache and could not be fetched (${err.message}). ` +
        `Run \`npm run infra:bootstrap\` where ${describe(artifact.source)} is reachable, or set ` +
        `${UPSTREAM_MIRROR_VARIABLE} to a folder holding ${artifact.name}/ (${Object.keys(artifact.files).join(", ")})`,
    );
  });
  for (const [path, inSource] of Object.entries(artifact.files)) {
    if (!existsSync(join(root, inSource)))
      throw new BootstrapError(COMPONENT, `${describe(artifact.source)} has no ${inSource}`);
    copyInto(join(root, inSource), join(staging, path));
  }
  return describe(artifact.source);
}

function copyInto(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
}

function describe(source: UpstreamSource): string {
  return source.kind === "go-module"
    ? `${source.module}@${source.version} (Go module proxy)`
    : source.url;
}

/** Unpacked chart archives of this process, by URL (one archive serves several artifacts). */
const archives = new Map<string, Promise<string>>();

async function sourceRoot(source: UpstreamSource): Promise<string> {
  if (source.kind === "go-module")
    return (await downloadGoModule(COMPONENT, source.module, source.version)).dir;
  let unpacked = archives.get(source.url);
  if (!unpacked) {
    unpacked = unpackArchive(source.url);
    unpacked.catch(() => archives.delete(source.url));
    archives.set(source.url, unpacked);
  }
  return unpacked;
}

async function unpackArchive(url: string): Promise<string> {
  progress(COMPONENT, `downloading ${url}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) }).catch((err: Error) => {
    // undici says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED, ...) is its cause.
    const cause = (err.cause as NodeJS.ErrnoException | undefined)?.code;
    throw new Error(`${url}: ${err.message}${cause ? ` (${cause})` : ""}`);
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const dir = mkdtempSync(join(tmpdir(), "todo-chart-"));
  const archive = join(dir, "chart.tgz");
  writeFileSync(archive, Buffer.from(await response.arrayBuffer()));
  await runStep(COMPONENT, "tar", ["-xzf", archive, "-C", dir]);
  return dir;
}
