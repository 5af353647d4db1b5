/**
 * The Dapr runtime for tests and `npm run local`: `daprd`, `placement` and `scheduler` built
 * from the Go module proxy at the release matching the pinned `@dapr/dapr` SDK, with only the
 * components this project uses compiled in, cached (stamped, locked) under the cache folder.
 * Starting them: dapr-control-plane.ts (placement, scheduler) and daprd.ts (one sidecar).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, isStamped, stamp } from "../bootstrap/cache.js";
import { BootstrapError, progress, runStep } from "../bootstrap/build-step.js";
import { withBuildLock } from "../bootstrap/build-lock.js";
import { buildInModuleCopy, downloadGoModule, runGo } from "../bootstrap/go-build.js";
import { oncePerProcess } from "../bootstrap/once.js";

/** Runtime release matching `@dapr/dapr` 3.18.0; the Jobs API is stable from 1.18. */
export const DAPR_VERSION = "1.18.3";
const DAPR_MODULE = "github.com/dapr/dapr";
const COMPONENT = "dapr";
/** Bump when the build commands change, so caches built the old way are rebuilt. */
const BUILD_RECIPE = "recipe-2: trimpath, stablecomponents, upstream ldflags";

/**
 * Component registrations compiled into daprd (files of cmd/daprd/components). Everything
 * else is deleted from the build copy, so the cloud SDKs behind them are never compiled.
 */
export const DAPRD_COMPONENTS = [
  "pubsub_kafka.go",
  "pubsub_in-memory.go",
  "state_redis.go",
  "state_postgres.go",
  "state_in-memory.go",
  "bindings_cron.go",
  "bindings_http.go",
  "secretstores_local_file.go",
  "secretstores_local_env.go",
  "nameresolution_mdns.go",
  // mDNS needs multicast, which CI containers often lack: all daprd of a run share one SQLite table instead.
  "nameresolution_sqlite.go",
  "lock_redis.go",
  "configuration_redis.go",
  "crypto_localstorage.go",
] as const;

/**
 * Dependencies of the release that the module proxy this project can reach does not serve,
 * with the nearest served version and its go.sum hashes (pinned here, so the download is
 * verified without a checksum-database lookup).
 */
const DEPENDENCY_SUBSTITUTES: readonly DependencySubstitute[] = [
  {
    module: "github.com/dapr/durabletask-go",
    required: "v0.12.4",
    substitute: "v0.12.1",
    zipHash: "h1:CIqG2HJGnU7kRtHICuRSSSO9RdHax99HdvHEaxRGE04=",
    goModHash: "h1:+8ABEQn9JvRPRvPr1QNVxdkdLPgJgpJwcpie5ZDt7nk=",
  },
];

interface DependencySubstitute {
  readonly module: string;
  readonly required: string;
  readonly substitute: string;
  readonly zipHash: string;
  readonly goModHash: string;
}

/** The three Dapr binaries in the cache. */
export interface DaprInstall {
  readonly version: string;
  readonly daprd: string;
  readonly placement: string;
  readonly scheduler: string;
  /** Module versions swapped in because the proxy did not serve the release's own. */
  readonly substitutions: readonly string[];
}

/**
 * Builds daprd, placement and scheduler once into the cache (`-tags stablecomponents`,
 * trimmed to {@link DAPRD_COMPONENTS}); later calls return at once. The Go build cache
 * is the bootstrap's shared one (see go-build.ts).
 */
export const ensureDapr: () => Promise<DaprInstall> = oncePerProcess(buildDapr);

async function buildDapr(): Promise<DaprInstall> {
  const home = cacheDir(`dapr-${DAPR_VERSION}`);
  const bin = join(home, "bin");
  const fingerprint = [DAPR_VERSION, BUILD_RECIPE, ...DAPRD_COMPONENTS].join("\n");
  const install = (substitutions: readonly string[]): DaprInstall => ({
    version: DAPR_VERSION,
    daprd: join(bin, "daprd"),
    placement: join(bin, "placement"),
    scheduler: join(bin, "scheduler"),
    substitutions,
  });
  const substitutionsFile = join(home, "substitutions.json");
  if (isStamped(home, fingerprint)) {
    progress(COMPONENT, `${DAPR_VERSION} cached`);
    return install(JSON.parse(readFileSync(substitutionsFile, "utf8")) as string[]);
  }
  return withBuildLock(COMPONENT, home, async () => {
    // Whoever held the lock may have just built it.
    if (isStamped(home, fingerprint))
      return install(JSON.parse(readFileSync(substitutionsFile, "utf8")) as string[]);
    const substitutions = await compileDapr(home, bin);
    writeFileSync(substitutionsFile, JSON.stringify(substitutions));
    stamp(home, fingerprint);
    return install(substitutions);
  });
}

/** Copies the release's source, trims components and builds; returns the applied substitutions. */
async function compileDapr(home: string, bin: string): Promise<string[]> {
  const started = Date.now();
  progress(COMPONENT, `fetching ${DAPR_MODULE}@v${DAPR_VERSION} from the Go module proxy ...`);
  const release = await downloadGoModule(COMPONENT, DAPR_MODULE, `v${DAPR_VERSION}`);
  let substitutions: string[] = [];
  progress(COMPONENT, "compiling daprd, placement, scheduler (cold: several minutes) ...");
  const heartbeat = setInterval(
    () => progress(COMPONENT, `still compiling (${Math.round((Date.now() - started) / 1000)} s)`),
    60_000,
  );
  try {
    // The release's go.mod has replace directives, so `go install module@version` refuses it.
    await buildInModuleCopy(
      COMPONENT,
      release.dir,
      join(home, "src"),
      [
        "-tags",
        "stablecomponents",
        "-ldflags",
        [
          "-s -w",
          `-X ${DAPR_MODULE}/pkg/buildinfo.version=${DAPR_VERSION}`,
          `-X ${DAPR_MODULE}/pkg/buildinfo.gitversion=v${DAPR_VERSION}`,
          `-X ${DAPR_MODULE}/pkg/buildinfo.gitcommit=${release.commit}`,
          // The version every log line carries (as the upstream Makefile sets it).
          `-X github.com/dapr/kit/logger.DaprVersion=${DAPR_VERSION}`,
        ].join(" "),
        "-o",
        `${bin}/`,
        "./cmd/daprd",
        "./cmd/placement",
        "./cmd/scheduler",
      ],
      async (src) => {
        trimComponents(join(src, "cmd", "daprd", "components"));
        substitutions = await substituteUnservedDependencies(src);
      },
    );
  } finally {
    clearInterval(heartbeat);
  }
  const reported = (await runStep(COMPONENT, join(bin, "daprd"), ["--version"])).trim();
  if (reported !== DAPR_VERSION) {
    throw new BootstrapError(
      COMPONENT,
      `built daprd reports version '${reported}', expected ${DAPR_VERSION}`,
    );
  }
  progress(COMPONENT, `${DAPR_VERSION} built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return substitutions;
}

/** Deletes unneeded registrations; the kept ones (some only tagged allcomponents) build under stablecomponents. */
function trimComponents(componentsDir: string): void {
  const keep = new Set<string>([...DAPRD_COMPONENTS, "zz_notag.go"]);
  for (const file of readdirSync(componentsDir)) {
    const path = join(componentsDir, file);
    if (!keep.has(file)) {
      rmSync(path);
      continue;
    }
    if (file === "zz_notag.go") continue;
    const source = readFileSync(path, "utf8");
    writeFileSync(
      path,
      source.replace(/^\/\/go:build .*$/m, "//go:build allcomponents || stablecomponents"),
    );
  }
  const missing = DAPRD_COMPONENTS.filter((file) => !existsSync(join(componentsDir, file)));
  if (missing.length > 0) {
    throw new BootstrapError(
      COMPONENT,
      `daprd ${DAPR_VERSION} has no component file(s) ${missing.join(", ")}`,
    );
  }
}

/**
 * Points go.mod at the substitute of each dependency version the proxy refuses, and adds
 * the substitute's pinned hashes to go.sum. Served versions are left alone.
 */
async function substituteUnservedDependencies(src: string): Promise<string[]> {
  const applied: string[] = [];
  for (const dep of DEPENDENCY_SUBSTITUTES) {
    const served = await runGo(COMPONENT, ["mod", "download", `${dep.module}@${dep.required}`], {
      cwd: src,
    }).then(
      () => true,
      () => false,
    );
    if (served) continue;
    progress(
      COMPONENT,
      `${dep.module}@${dep.required} is not served by the module proxy; using ${dep.substitute}`,
    );
    await runGo(
      COMPONENT,
      ["mod", "edit", `-replace=${dep.module}=${dep.module}@${dep.substitute}`],
      {
        cwd: src,
      },
    );
    const sumFile = join(src, "go.sum");
    writeFileSync(
      sumFile,
      `${readFileSync(sumFile, "utf8")}${dep.module} ${dep.substitute} ${dep.zipHash}\n${dep.module} ${dep.substitute}/go.mod ${dep.goModHash}\n`,
    );
    applied.push(`${dep.module} ${dep.required} -> ${dep.substitute}`);
  }
  return applied;
}
