/**
 * The one way the testbed builds from the Go module proxy: download a module, build it in a
 * writable copy or in a small wrapper module, or `go install` a tool. Every build of a
 * bootstrap shares one Go build cache, so packages several components use (client-go,
 * apimachinery, grpc, protobuf, the standard library, ...) compile once; the bootstrap drops
 * it at its end ({@link dropGoBuildCache}), since only the binaries are kept.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "./cache.js";
import { BootstrapError, runStep } from "./build-step.js";

const GO_HINT = "install Go >= 1.21 (https://go.dev/dl/) and put its bin folder on PATH";

/** The shared Go build cache of this bootstrap. */
function goBuildCacheDir(): string {
  return cacheDir("go-build-cache");
}

/**
 * Settings of every go command the testbed runs: static binaries, no VCS stamping, no DWARF
 * (the binaries are stripped anyway; the compiler skips ~20% of its work: conftest cold 167 s
 * to 133 s), the toolchain a module asks for (Go >= 1.21 fetches it through the proxy) and the
 * shared cache.
 */
function goEnv(): NodeJS.ProcessEnv {
  return {
    GOCACHE: goBuildCacheDir(),
    GOTOOLCHAIN: "auto",
    GOFLAGS: "-buildvcs=false -gcflags=all=-dwarf=false",
    CGO_ENABLED: "0",
  };
}

/** A module as `go mod download` left it (read-only) and the commit it was tagged from. */
export interface DownloadedModule {
  readonly dir: string;
  readonly commit: string;
  /** The module's `h1:` checksum, as go.sum records it. */
  readonly sum: string;
}

/** Downloads `module@version` into the Go module cache (verified against go.sum data). */
export async function downloadGoModule(
  component: string,
  module: string,
  version: string,
): Promise<DownloadedModule> {
  await requireGo(component);
  const out = await runStep(component, "go", ["mod", "download", "-json", `${module}@${version}`], {
    env: goEnv(),
  }).catch((err: Error) => {
    throw new BootstrapError(
      component,
      `the Go module proxy did not serve ${module}@${version}: ${err.message}`,
    );
  });
  const info = JSON.parse(out.slice(out.indexOf("{"))) as {
    Dir?: string;
    Sum?: string;
    Error?: string;
    Origin?: { Hash?: string };
  };
  if (!info.Dir || info.Error)
    throw new BootstrapError(
      component,
      `the Go module proxy did not serve ${module}@${version}: ${info.Error}`,
    );
  return { dir: info.Dir, commit: info.Origin?.Hash ?? "unknown", sum: info.Sum ?? "" };
}

/** One `go build` (or `go install`) at low CPU priority, so a test run beside it stays responsive. */
export async function runGo(
  component: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  await requireGo(component);
  await runStep(component, "nice", ["-n", "10", "go", ...args], {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: { ...goEnv(), ...options.env },
  });
}

/**
 * Builds packages of a downloaded module in a writable copy of it (modules with replace
 * directives cannot be `go install`ed); `prepare` may edit the copy first. The copy is deleted.
 */
export async function buildInModuleCopy(
  component: string,
  moduleDir: string,
  workDir: string,
  buildArgs: string[],
  prepare?: (copy: string) => Promise<void> | void,
): Promise<void> {
  rmSync(workDir, { recursive: true, force: true });
  await runStep(component, "cp", ["-r", moduleDir, workDir]);
  await runStep(component, "chmod", ["-R", "u+w", workDir]);
  try {
    await prepare?.(workDir);
    await runGo(component, ["build", "-trimpath", ...buildArgs], { cwd: workDir });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Builds in a small module generated from `files` (a go.mod and a main or tools file), for
 * releases whose own module cannot be built as it is. `go mod tidy` resolves it first.
 */
export async function buildInWrapperModule(
  component: string,
  workDir: string,
  files: Record<string, string>,
  buildArgs: string[],
): Promise<void> {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(workDir, file), content);
  try {
    await runGo(component, ["mod", "tidy"], { cwd: workDir });
    await runGo(component, ["build", "-trimpath", "-mod=mod", ...buildArgs], { cwd: workDir });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * `go install <package>@<version>` into `binDir` (modules without replace directives); several
 * packages of one module version install in one command. `env` overrides the build settings
 * (a cgo build sets CGO_ENABLED=1); `ldflags` adds to `-s -w` (version stamps).
 */
export async function goInstall(
  component: string,
  packagesAtVersion: string | readonly string[],
  binDir: string,
  options: { tags?: readonly string[]; env?: NodeJS.ProcessEnv; ldflags?: string } = {},
): Promise<void> {
  mkdirSync(binDir, { recursive: true });
  const tags = options.tags ?? [];
  const tagArgs = tags.length > 0 ? ["-tags", tags.join(",")] : [];
  const ldflags = ["-s -w", options.ldflags].filter(Boolean).join(" ");
  await runGo(
    component,
    ["install", "-trimpath", `-ldflags=${ldflags}`, ...tagArgs, ...[packagesAtVersion].flat()],
    { env: { GOBIN: binDir, ...options.env } },
  );
}

/** Drops the shared Go build cache (several GB after a cold bootstrap; only binaries are kept). */
export function dropGoBuildCache(): void {
  rmSync(goBuildCacheDir(), { recursive: true, force: true });
}

let goChecked: Promise<void> | undefined;

/**
 * Go >= 1.21 switches to the toolchain a go.mod requires by itself (GOTOOLCHAIN=auto);
 * anything older, such as Debian 12's golang-go 1.19, cannot build these releases at all.
 */
function requireGo(component: string): Promise<void> {
  goChecked ??= runStep(component, "go", ["env", "GOVERSION"])
    .catch(() => {
      throw new BootstrapError(
        component,
        `the Go toolchain is needed to build ${component}; ${GO_HINT}`,
      );
    })
    .then((reported) => {
      const [major = 0, minor = 0] = reported.trim().replace(/^go/, "").split(".").map(Number);
      if (major === 1 && minor < 21)
        throw new BootstrapError(component, `${reported.trim()} is too old; ${GO_HINT}`);
    });
  goChecked.catch(() => (goChecked = undefined));
  return goChecked;
}
