/**
 * The Terraform CLI the tests and scripts run, always wired to the locally built providers:
 * Terraform at the repository's pin (`.terraform-version`, which the workflows read too) when
 * it is on PATH, else OpenTofu built from the Go module proxy (a few minutes, once; Terraform
 * itself cannot be built from it: its module leaves out the backends' nested modules).
 * TODO_TF_BINARY=tofu|terraform forces one.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { withBuildLock } from "../bootstrap/build-lock.js";
import { cacheDir, isStamped, stamp } from "../bootstrap/cache.js";
import { BootstrapError, progress, runStep } from "../bootstrap/build-step.js";
import { downloadGoModule } from "../bootstrap/go-build.js";
import {
  buildBinary,
  ensureTerraformProviders,
  type EnsureTerraformProvidersOptions,
} from "./terraform-providers.js";
import type { ProviderName } from "../../constructs/policy/provider-versions.js";

/** Which CLI implementation. */
export type TerraformKind = "tofu" | "terraform";

/** A ready-to-run Terraform-compatible CLI. */
export interface TerraformToolchain {
  /** Absolute path of the executable. */
  readonly bin: string;
  readonly kind: TerraformKind;
  /** Its version, e.g. `1.12.6`. */
  readonly version: string;
  /**
   * Environment to run it with: CLI config pointing at the provider mirror, the plugin
   * cache, no update checks, no prompts. Merge it over `process.env`.
   */
  readonly env: Readonly<Record<string, string>>;
  /** Providers available to `init` (anything else fails to install). */
  readonly providers: readonly ProviderName[];
}

/**
 * The Terraform release the tests prove and every workflow installs: one pin, in
 * `.terraform-version` (the file tfenv and tfswitch read), so no second copy can drift.
 */
export const TERRAFORM_VERSION = readFileSync(
  new URL("../../.terraform-version", import.meta.url),
  "utf8",
).trim();

/** OpenTofu release built when the pinned Terraform is not installed (newest stable the proxy serves). */
export const OPENTOFU_MODULE = "github.com/opentofu/opentofu";
export const OPENTOFU_VERSION = "v1.12.6";

const component = "terraform";

/** Options of {@link ensureTerraform}. */
export interface EnsureTerraformOptions extends EnsureTerraformProvidersOptions {
  /**
   * Force an implementation.
   * @default - the TODO_TF_BINARY environment variable, else the choice described above
   */
  readonly kind?: TerraformKind;
}

const memo = new Map<string, Promise<TerraformToolchain>>();

/**
 * Returns the Terraform CLI and the environment that makes it use the local provider mirror,
 * building OpenTofu and the providers first when they are not cached. Cheap after the first
 * call in a process.
 */
export function ensureTerraform(options: EnsureTerraformOptions = {}): Promise<TerraformToolchain> {
  const key = JSON.stringify([
    options.kind ?? process.env.TODO_TF_BINARY ?? "",
    options.includeAws ?? "",
    options.build ?? true,
  ]);
  let pending = memo.get(key);
  if (!pending) {
    pending = resolveToolchain(options);
    pending.catch(() => memo.delete(key));
    memo.set(key, pending);
  }
  return pending;
}

async function resolveToolchain(options: EnsureTerraformOptions): Promise<TerraformToolchain> {
  const kind = requestedKind(options.kind);
  const bin = await chooseBinary(kind, options.build ?? true);
  const mirror = await ensureTerraformProviders(options);
  const env: Record<string, string> = {
    TF_CLI_CONFIG_FILE: mirror.cliConfigFile,
    TF_PLUGIN_CACHE_DIR: mirror.pluginCacheDir,
    // The local mirror is trusted; lets `init` link from the cache without a lock file.
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "true",
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  };
  const version = await cliVersion(bin.path, env);
  progress(
    component,
    `${bin.kind} ${version} (${bin.path}); providers: ${mirror.providers.join(", ")}`,
  );
  return { bin: bin.path, kind: bin.kind, version, env, providers: mirror.providers };
}

function requestedKind(kind: TerraformKind | undefined): TerraformKind | undefined {
  const requested = kind ?? (process.env.TODO_TF_BINARY || undefined);
  if (requested === undefined || requested === "tofu" || requested === "terraform")
    return requested;
  throw new BootstrapError(
    component,
    `TODO_TF_BINARY must be "tofu" or "terraform", got "${requested}"`,
  );
}

async function chooseBinary(
  kind: TerraformKind | undefined,
  build: boolean,
): Promise<{ path: string; kind: TerraformKind }> {
  if (kind !== "tofu") {
    const onPath = findOnPath("terraform");
    const found = onPath ? await cliVersion(onPath, {}) : undefined;
    if (onPath && found === TERRAFORM_VERSION) return { path: onPath, kind: "terraform" };
    if (kind === "terraform")
      throw new BootstrapError(
        component,
        `TODO_TF_BINARY=terraform needs Terraform ${TERRAFORM_VERSION} (.terraform-version) on PATH, found ${onPath ? `${found} at ${onPath}` : "none"}; \`tfenv install\` reads the pin`,
      );
    progress(
      component,
      `Terraform ${TERRAFORM_VERSION} (.terraform-version) is not on PATH${found ? ` (${found} is)` : ""}: running OpenTofu ${OPENTOFU_VERSION}; the workflows run Terraform ${TERRAFORM_VERSION}`,
    );
  }
  if (!build && !isOpenTofuBuilt())
    throw new BootstrapError(
      component,
      `OpenTofu ${OPENTOFU_VERSION} is not built yet: run \`npm run infra:bootstrap\``,
    );
  return { path: await ensureOpenTofu(), kind: "tofu" };
}

function openTofuDir(): string {
  return cacheDir(`opentofu-${OPENTOFU_VERSION.replace(/^v/, "")}`);
}

function openTofuFingerprint(): string {
  return `${OPENTOFU_MODULE}@${OPENTOFU_VERSION} ./cmd/tofu`;
}

/** True when OpenTofu is already built in the cache. */
export function isOpenTofuBuilt(): boolean {
  const dir = openTofuDir();
  return isStamped(dir, openTofuFingerprint()) && existsSync(join(dir, "bin", "tofu"));
}

/** Builds OpenTofu from the Go module proxy once; returns the path of the `tofu` binary. */
export async function ensureOpenTofu(): Promise<string> {
  const dir = openTofuDir();
  const bin = join(dir, "bin", "tofu");
  if (isOpenTofuBuilt()) return bin;
  return withBuildLock(component, dir, async () => {
    if (isOpenTofuBuilt()) return bin;
    progress(component, `OpenTofu ${OPENTOFU_VERSION}: downloading source`);
    const { dir: moduleDir } = await downloadGoModule(component, OPENTOFU_MODULE, OPENTOFU_VERSION);
    progress(component, `OpenTofu ${OPENTOFU_VERSION}: building (a few minutes when cold)`);
    mkdirSync(join(dir, "bin"), { recursive: true });
    // go.mod has replace directives, so `go install module@version` is refused: build in the tree.
    const seconds = await buildBinary(
      component,
      moduleDir,
      "./cmd/tofu",
      bin,
      "-s -w -X github.com/opentofu/opentofu/version.dev=no",
    );
    stamp(dir, openTofuFingerprint());
    progress(component, `OpenTofu ${OPENTOFU_VERSION}: built in ${seconds.toFixed(0)} s`);
    return bin;
  });
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** The release a Terraform-compatible CLI reports (`version -json`), e.g. `1.11.4`. */
export async function cliVersion(bin: string, env: Record<string, string>): Promise<string> {
  const out = await runStep(component, bin, ["version", "-json"], { env });
  const parsed = JSON.parse(out.slice(out.indexOf("{"))) as {
    terraform_version?: string;
    tofu_version?: string;
  };
  const version = parsed.terraform_version ?? parsed.tofu_version;
  if (!version)
    throw new BootstrapError(component, `cannot read the version of ${bin} from: ${out}`);
  return version;
}
