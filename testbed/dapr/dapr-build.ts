/**
 * The Dapr runtime for tests and `npm run local`: `daprd`, `placement` and `scheduler` built
 * from the Go module proxy at the release matching the pinned `@dapr/dapr` SDK, with only the
 * components this project uses compiled in, cached (stamped, locked) under the cache folder.
 * Starting them: dapr-control-plane.ts (placement, scheduler) and daprd.ts (one sidecar).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BootstrapError,
  cacheDir,
  isStamped,
  progress,
  runStep,
  stamp,
} from "../bootstrap/cache.js";
import { withBuildLock } from "../bootstrap/build-lock.js";

/** Runtime release matching `@dapr/dapr` 3.18.0; the Jobs API is stable from 1.18. */
export const DAPR_VERSION = "1.18.3";
const DAPR_MODULE = "github.com/dapr/dapr";
const COMPONENT = "dapr";
/** Bump when the build commands change, so caches built the old way are rebuilt. */
const BUILD_RECIPE = "recipe-2: trimpath, stablecomponents, upstream ldflags";
const GO_HINT = "install Go >= 1.26 (https://go.dev/dl/) and put its bin folder on PATH";

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
 * lives next to the binaries, so a rebuild after a changed component list is incremental.
 */
export function ensureDapr(): Promise<DaprInstall> {
  ensured ??= buildDapr().catch((err: unknown) => {
    ensured = undefined;
    throw err;
  });
  return ensured;
}

/** One build (or cache check) per process, however many daprd a test run starts. */
let ensured: Promise<DaprInstall> | undefined;

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
  const localGo = (
    await runStep(COMPONENT, "go", ["env", "GOVERSION"]).catch(() => {
      throw new BootstrapError(COMPONENT, `the Go toolchain is needed to build daprd; ${GO_HINT}`);
    })
  ).trim();

  const started = Date.now();
  const goEnv = {
    GOCACHE: join(home, "gocache"),
    CGO_ENABLED: "0",
    GOFLAGS: "-buildvcs=false",
    // An older (>= 1.21) go command fetches the toolchain the release's go.mod asks for.
    GOTOOLCHAIN: "auto",
  };
  progress(COMPONENT, `fetching ${DAPR_MODULE}@v${DAPR_VERSION} from the Go module proxy ...`);
  const release = await downloadModule(`${DAPR_MODULE}@v${DAPR_VERSION}`, goEnv);
  requireGoToolchain(localGo, readFileSync(join(release.dir, "go.mod"), "utf8"));

  // The release's go.mod has replace directives, so `go install module@version` refuses it:
  // build in a writable copy instead.
  const src = join(home, "src");
  rmSync(src, { recursive: true, force: true });
  await runStep(COMPONENT, "cp", ["-r", release.dir, src]);
  await runStep(COMPONENT, "chmod", ["-R", "u+w", src]);
  trimComponents(join(src, "cmd", "daprd", "components"));
  const substitutions = await substituteUnservedDependencies(src, goEnv);

  progress(COMPONENT, "compiling daprd, placement, scheduler (cold: several minutes) ...");
  const heartbeat = setInterval(
    () => progress(COMPONENT, `still compiling (${Math.round((Date.now() - started) / 1000)} s)`),
    60_000,
  );
  try {
    await runStep(
      COMPONENT,
      "go",
      [
        "build",
        "-trimpath",
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
      { cwd: src, env: goEnv },
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

/**
 * Go >= 1.21 switches to the toolchain a go.mod requires by itself (GOTOOLCHAIN=auto);
 * anything older, such as Debian 12's golang-go 1.19, cannot build the release at all.
 */
function requireGoToolchain(localGo: string, goMod: string): void {
  const required = /^go (\d+(?:\.\d+)*)/m.exec(goMod)?.[1] ?? "0";
  const local = localGo.replace(/^go/, "");
  if (compareVersions(local, "1.21") >= 0) {
    if (compareVersions(local, required) < 0) {
      progress(
        COMPONENT,
        `${localGo} installed; the go command switches to go${required} for this build`,
      );
    }
    return;
  }
  throw new BootstrapError(
    COMPONENT,
    `${localGo} is too old to build Dapr ${DAPR_VERSION} (its go.mod needs go ${required}; Debian 12's golang-go is 1.19); ${GO_HINT}`,
  );
}

/** Numeric comparison of dotted versions ("1.26.8" vs "1.26.6"). */
function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) =>
    v
      .split(/[^\d]+/)
      .filter(Boolean)
      .map(Number),
  );
  for (let i = 0; i < Math.max(pa!.length, pb!.length); i++) {
    const diff = (pa![i] ?? 0) - (pb![i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Where `go mod download` put a module, and the commit it was tagged from. */
async function downloadModule(
  moduleAtVersion: string,
  env: NodeJS.ProcessEnv,
): Promise<{ dir: string; commit: string }> {
  try {
    const output = await runStep(COMPONENT, "go", ["mod", "download", "-json", moduleAtVersion], {
      env,
    });
    const info = JSON.parse(output) as { Dir: string; Origin?: { Hash?: string } };
    return { dir: info.Dir, commit: info.Origin?.Hash ?? "unknown" };
  } catch (err) {
    throw new BootstrapError(
      COMPONENT,
      `the Go module proxy (${goProxy()}) did not serve ${moduleAtVersion}: ${(err as Error).message}`,
    );
  }
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
async function substituteUnservedDependencies(
  src: string,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const applied: string[] = [];
  for (const dep of DEPENDENCY_SUBSTITUTES) {
    const served = await runStep(
      COMPONENT,
      "go",
      ["mod", "download", `${dep.module}@${dep.required}`],
      {
        cwd: src,
        env,
      },
    ).then(
      () => true,
      () => false,
    );
    if (served) continue;
    progress(
      COMPONENT,
      `${dep.module}@${dep.required} is not served by the module proxy; using ${dep.substitute}`,
    );
    await runStep(
      COMPONENT,
      "go",
      ["mod", "edit", `-replace=${dep.module}=${dep.module}@${dep.substitute}`],
      {
        cwd: src,
        env,
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

function goProxy(): string {
  const result = spawnSync("go", ["env", "GOPROXY"], { encoding: "utf8" });
  return result.stdout?.trim() || "GOPROXY unset";
}
