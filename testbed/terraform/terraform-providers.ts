/**
 * Builds the Terraform providers the stacks pin from their Go module source and lays them
 * out as a local filesystem mirror, so `init`/`validate` never need a provider registry.
 *
 * The Go module proxy serves these providers only as pseudo-versions of commits; each row
 * below names the commit, and the build checks that the commit's CHANGELOG really is at the
 * provider version recorded in constructs/policy/provider-versions.ts (the released version the commit
 * is at or right after).
 */
import {
  copyFileSync,
  existsSync,
  linkSync,
  statSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { PROVIDERS, type ProviderName } from "../../constructs/policy/provider-versions.js";
import { withBuildLock } from "../bootstrap/build-lock.js";
import { buildInModuleCopy, downloadGoModule } from "../bootstrap/go-build.js";
import { cacheDir, isStamped, stamp } from "../bootstrap/cache.js";
import { BootstrapError, progress } from "../bootstrap/build-step.js";

/** How one pinned provider is built from the Go module proxy. */
export interface ProviderBuild {
  /** Local name, also the key into {@link PROVIDERS} (source and recorded version). */
  readonly name: ProviderName;
  /** Go module path of the provider's source. */
  readonly goModule: string;
  /** Go module version (a pseudo-version: the proxy serves no provider release tags). */
  readonly goVersion: string;
  /** Package to build inside the module. */
  readonly buildPackage: string;
  /**
   * Built only when asked for: the AWS provider takes too long and too much memory for a
   * cold CI run (see ensureTerraformProviders' `includeAws`).
   */
  readonly optIn?: boolean;
}

/** Every provider the bootstrap can build; versions come from {@link PROVIDERS}. */
export const PROVIDER_BUILDS: readonly ProviderBuild[] = [
  {
    name: "kubernetes",
    goModule: "github.com/hashicorp/terraform-provider-kubernetes",
    goVersion: "v1.13.4-0.20260821094251-3a33fb6cc605",
    buildPackage: ".",
  },
  {
    name: "helm",
    goModule: "github.com/hashicorp/terraform-provider-helm",
    goVersion: "v1.3.3-0.20260629194918-a4f1c1d8b008",
    buildPackage: ".",
  },
  {
    name: "random",
    goModule: "github.com/hashicorp/terraform-provider-random",
    goVersion: "v1.3.2-0.20260824155315-e1092b0cfc07",
    buildPackage: ".",
  },
  {
    name: "tls",
    goModule: "github.com/hashicorp/terraform-provider-tls",
    goVersion: "v1.2.1-0.20260819085117-d044ca7c6f52",
    buildPackage: ".",
  },
  {
    name: "time",
    goModule: "github.com/hashicorp/terraform-provider-time",
    goVersion: "v0.14.2",
    buildPackage: ".",
  },
  {
    name: "aws",
    goModule: "github.com/hashicorp/terraform-provider-aws",
    goVersion: "v1.60.1-0.20260602190131-5f2286d6d836",
    buildPackage: ".",
    optIn: true,
  },
];

/** Registry hosts the mirror answers for: Terraform's and OpenTofu's default registries. */
const REGISTRY_HOSTS = ["registry.terraform.io", "registry.opentofu.org"] as const;

/** Where the providers and the CLI configuration that points at them live. */
export interface ProviderMirror {
  /** Root of the unpacked filesystem mirror (`<host>/<namespace>/<type>/<version>/<os_arch>/`). */
  readonly mirrorDir: string;
  /** CLI configuration file (for `TF_CLI_CONFIG_FILE`) that installs only from the mirror. */
  readonly cliConfigFile: string;
  /** Shared plugin cache (for `TF_PLUGIN_CACHE_DIR`), so a re-run `init` links instead of copying. */
  readonly pluginCacheDir: string;
  /** Providers present in the mirror. */
  readonly providers: readonly ProviderName[];
}

/** Options of {@link ensureTerraformProviders}. */
export interface EnsureTerraformProvidersOptions {
  /**
   * Also build the AWS provider (long, memory hungry build).
   * @default - true when the environment variable TODO_TF_BUILD_AWS is "1", else false
   */
  readonly includeAws?: boolean;
  /**
   * Build what is missing. When false, a missing provider is an error that says how to get it
   * (tests use this: they run against what the bootstrap built, they never build).
   * @default true
   */
  readonly build?: boolean;
}

const component = "providers";

/** `linux_amd64`-style platform name Terraform uses in mirrors. */
export function terraformPlatform(): string {
  const arch = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" }[process.arch as string];
  if (!arch) throw new BootstrapError(component, `unsupported CPU architecture ${process.arch}`);
  return `${process.platform}_${arch}`;
}

function providersRoot(): string {
  return cacheDir("terraform-providers");
}

/** Path of a provider binary inside the mirror, under the Terraform registry host. */
function mirrorBinary(mirrorDir: string, build: ProviderBuild): string {
  const { source, version } = PROVIDERS[build.name];
  return join(
    mirrorDir,
    REGISTRY_HOSTS[0],
    source,
    version,
    terraformPlatform(),
    `terraform-provider-${build.name}_v${version}`,
  );
}

/**
 * Builds (once; cached afterwards) every provider of {@link PROVIDER_BUILDS} that is not opt-in,
 * plus AWS when asked, and writes the CLI configuration that makes Terraform and OpenTofu
 * install providers from the resulting mirror only.
 */
export async function ensureTerraformProviders(
  options: EnsureTerraformProvidersOptions = {},
): Promise<ProviderMirror> {
  const includeAws = options.includeAws ?? process.env.TODO_TF_BUILD_AWS === "1";
  const root = providersRoot();
  const mirrorDir = join(root, "mirror");
  const pluginCacheDir = join(root, "plugin-cache");
  mkdirSync(join(mirrorDir, REGISTRY_HOSTS[0]), { recursive: true });
  mkdirSync(pluginCacheDir, { recursive: true });

  const wanted = PROVIDER_BUILDS.filter((b) => !b.optIn || (b.name === "aws" && includeAws));
  for (const build of wanted) await ensureProvider(build, mirrorDir, options.build ?? true);

  // Everything ever built stays usable (e.g. AWS from an earlier opt-in run).
  const built = PROVIDER_BUILDS.filter((b) => existsSync(mirrorBinary(mirrorDir, b)));
  for (const build of built) {
    // OpenTofu does not follow a symlinked host folder: give each host its own (linked) copy.
    linkUnderEveryHost(mirrorDir, mirrorDir, build);
    linkUnderEveryHost(mirrorDir, pluginCacheDir, build);
  }
  const providers = built.map((b) => b.name);
  const cliConfigFile = join(root, "cli.tfrc");
  writeIfChanged(cliConfigFile, cliConfig(mirrorDir));
  return { mirrorDir, cliConfigFile, pluginCacheDir, providers };
}

/**
 * Hard-links a built provider (no extra disk) into `targetRoot/<host>/...` for every registry
 * host. Used for the mirror itself and to seed the plugin cache, so that `init` only ever
 * links from the cache and concurrent runs never race writing into it.
 */
function linkUnderEveryHost(mirrorDir: string, targetRoot: string, build: ProviderBuild): void {
  const binary = mirrorBinary(mirrorDir, build);
  const inHost = relative(join(mirrorDir, REGISTRY_HOSTS[0]), binary);
  for (const host of REGISTRY_HOSTS) {
    const target = join(targetRoot, host, inHost);
    if (existsSync(target) && statSync(target).ino === statSync(binary).ino) continue;
    mkdirSync(dirname(target), { recursive: true });
    rmSync(target, { force: true });
    try {
      linkSync(binary, target);
    } catch {
      copyFileSync(binary, target);
    }
  }
}

/**
 * Installs providers from the mirror only, never from a registry: validation gives the same
 * answer with or without network, and a provider that was not built fails `init` at once
 * ("not found in any of the search locations") instead of waiting on an unreachable host.
 */
function cliConfig(mirrorDir: string): string {
  return `# Generated by testbed/terraform/terraform-providers.ts: providers come from the local mirror only.
provider_installation {
  filesystem_mirror {
    path = ${JSON.stringify(mirrorDir)}
  }
}
`;
}

function writeIfChanged(file: string, content: string): void {
  if (existsSync(file) && readFileSync(file, "utf8") === content) return;
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

/**
 * Builds `pkg` of a downloaded module into `output` (written under a temporary name first, so
 * an interrupted build leaves no binary); returns the seconds it took.
 */
export async function buildBinary(
  componentName: string,
  moduleDir: string,
  pkg: string,
  output: string,
  ldflags: string,
): Promise<number> {
  const started = Date.now();
  await buildInModuleCopy(componentName, moduleDir, `${output}.src`, [
    "-ldflags",
    ldflags,
    "-o",
    `${output}.tmp`,
    pkg,
  ]);
  renameSync(`${output}.tmp`, output);
  return (Date.now() - started) / 1000;
}

/** Builds one provider into the mirror unless the same build is already there. */
async function ensureProvider(
  build: ProviderBuild,
  mirrorDir: string,
  buildMissing: boolean,
): Promise<void> {
  const { version } = PROVIDERS[build.name];
  const binary = mirrorBinary(mirrorDir, build);
  const stampDir = join(providersRoot(), "builds", `${build.name}-${version}`);
  mkdirSync(stampDir, { recursive: true });
  const fingerprint = `${build.goModule}@${build.goVersion} ${build.buildPackage} ${terraformPlatform()}`;
  if (isStamped(stampDir, fingerprint) && existsSync(binary)) return;
  if (!buildMissing)
    throw new BootstrapError(
      component,
      `the Terraform provider ${build.name} ${version} is not built yet: run \`npm run infra:bootstrap\``,
    );

  // One builder at a time (bootstrap and a test run may start together); re-check inside.
  await withBuildLock(component, stampDir, async () => {
    if (isStamped(stampDir, fingerprint) && existsSync(binary)) return;
    progress(
      component,
      `${build.name} ${version}: downloading ${build.goModule}@${build.goVersion}`,
    );
    const { dir: moduleDir } = await downloadGoModule(component, build.goModule, build.goVersion);
    const released = releasedVersion(moduleDir);
    if (released !== version)
      throw new BootstrapError(
        component,
        `${build.goModule}@${build.goVersion} is at provider release ${released} (CHANGELOG.md), ` +
          `but constructs/policy/provider-versions.ts pins ${build.name} ${version}; keep the two in step`,
      );

    progress(component, `${build.name} ${version}: building (several minutes when cold)`);
    mkdirSync(join(binary, ".."), { recursive: true });
    const seconds = await buildBinary(
      component,
      moduleDir,
      build.buildPackage,
      binary,
      `-s -w -X main.version=${version}`,
    );
    stamp(stampDir, fingerprint);
    progress(component, `${build.name} ${version}: built in ${seconds.toFixed(0)} s`);
  });
}

/**
 * The provider release a source tree is at or right after: the first CHANGELOG heading that
 * is not marked unreleased (`## 3.2.1 (Jun 30, 2026)`).
 */
export function releasedVersion(moduleDir: string): string | undefined {
  const changelog = join(moduleDir, "CHANGELOG.md");
  if (!existsSync(changelog)) return undefined;
  for (const match of readFileSync(changelog, "utf8").matchAll(
    /^## v?(\d+\.\d+\.\d+)\s*(\(([^)]*)\))?/gm,
  )) {
    if (!/unreleased/i.test(match[3] ?? "")) return match[1];
  }
  return undefined;
}
