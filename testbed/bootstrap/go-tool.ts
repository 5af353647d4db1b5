/**
 * A command-line tool `go install`ed from the Go module proxy once and kept in the cache: under
 * the build lock, through go-build.ts (shared build cache, low priority; only the binary is kept).
 * For modules without replace directives; the others need a wrapper module (see
 * kubernetes-build.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { withBuildLock } from "./build-lock.js";
import { goInstall } from "./go-build.js";
import { cacheDir, isStamped, stamp } from "./cache.js";
import { BootstrapError, progress } from "./build-step.js";

export interface GoInstalledTool {
  /** Go module path, e.g. `github.com/rhysd/actionlint`. */
  readonly module: string;
  /** Module version, e.g. `v1.7.12`. */
  readonly version: string;
  /** Binary name. */
  readonly command: string;
  /** Its main package in the module. @default `cmd/<command>` */
  readonly mainPackage?: string;
  /** How long a cold build takes, for the progress line, e.g. "a minute". */
  readonly coldBuild: string;
  /** Build tags the module offers to leave out what the testbed never uses. */
  readonly tags?: readonly string[];
}

function toolDir(tool: GoInstalledTool): string {
  return cacheDir(`${tool.command}-${tool.version.replace(/^v/, "")}`);
}

const packagePath = (tool: GoInstalledTool) =>
  [tool.module, tool.mainPackage ?? `cmd/${tool.command}`].filter(Boolean).join("/");

/** What the stamp records: a binary built another way is rebuilt. */
const fingerprint = (tool: GoInstalledTool) =>
  [`${packagePath(tool)}@${tool.version}`, ...(tool.tags ?? [])].join(" ");

/** Path of the cached binary, or undefined when it is not built yet. */
function builtGoTool(tool: GoInstalledTool): string | undefined {
  const dir = toolDir(tool);
  const bin = join(dir, "bin", tool.command);
  return isStamped(dir, fingerprint(tool)) && existsSync(bin) ? bin : undefined;
}

/** Returns the binary's path, building it first when it is not cached. */
async function ensureGoTool(
  tool: GoInstalledTool,
  options: { build?: boolean } = {},
): Promise<string> {
  const cached = builtGoTool(tool);
  if (cached) return cached;
  if (options.build === false)
    throw new BootstrapError(
      tool.command,
      `${tool.command} is not built yet: run \`npm run infra:bootstrap\``,
    );
  const dir = toolDir(tool);
  return withBuildLock(tool.command, dir, async () => {
    const again = builtGoTool(tool);
    if (again) return again;
    const bin = join(dir, "bin");
    progress(tool.command, `${tool.version}: building (${tool.coldBuild} when cold)`);
    const started = Date.now();
    await goInstall(tool.command, `${packagePath(tool)}@${tool.version}`, bin, {
      ...(tool.tags ? { tags: tool.tags } : {}),
    });
    stamp(dir, fingerprint(tool));
    progress(tool.command, `built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return join(bin, tool.command);
  });
}

/** A tool's cached binary (`built`, undefined when missing) and its build (`ensure`). */
export function goTool(tool: GoInstalledTool): {
  readonly built: () => string | undefined;
  readonly ensure: (options?: { build?: boolean }) => Promise<string>;
} {
  return { built: () => builtGoTool(tool), ensure: (options = {}) => ensureGoTool(tool, options) };
}
