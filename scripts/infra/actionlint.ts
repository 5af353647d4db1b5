/**
 * `actionlint` (checks GitHub Actions workflow files: syntax, expressions, contexts, shell
 * scripts' quoting) built from the Go module proxy once and kept in the cache. A small build:
 * under the build lock, at low priority, dropping its Go build cache afterwards.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { withBuildLock } from "./build-lock.js";
import { BootstrapError, cacheDir, isStamped, progress, runStep, stamp } from "./cache.js";

export const ACTIONLINT_MODULE = "github.com/rhysd/actionlint";
export const ACTIONLINT_VERSION = "v1.7.12";

const component = "actionlint";

function actionlintDir(): string {
  return cacheDir(`actionlint-${ACTIONLINT_VERSION.replace(/^v/, "")}`);
}

const fingerprint = () => `${ACTIONLINT_MODULE}/cmd/actionlint@${ACTIONLINT_VERSION}`;

/** Path of the cached `actionlint`, or undefined when it is not built yet. */
export function builtActionlint(): string | undefined {
  const dir = actionlintDir();
  const bin = join(dir, "bin", "actionlint");
  return isStamped(dir, fingerprint()) && existsSync(bin) ? bin : undefined;
}

/** Returns the path of `actionlint`, building it first when it is not cached (a minute, once). */
export async function ensureActionlint(options: { build?: boolean } = {}): Promise<string> {
  const cached = builtActionlint();
  if (cached) return cached;
  if (options.build === false)
    throw new BootstrapError(
      component,
      "actionlint is not built yet: run `npm run infra:bootstrap`",
    );
  const dir = actionlintDir();
  return withBuildLock(component, dir, async () => {
    const again = builtActionlint();
    if (again) return again;
    const bin = join(dir, "bin");
    const goCache = join(dir, "gocache");
    mkdirSync(bin, { recursive: true });
    progress(component, `${ACTIONLINT_VERSION}: building`);
    const started = Date.now();
    try {
      await runStep(
        component,
        "nice",
        [
          "-n",
          "10",
          "go",
          "install",
          "-trimpath",
          "-ldflags=-s -w",
          `${ACTIONLINT_MODULE}/cmd/actionlint@${ACTIONLINT_VERSION}`,
        ],
        {
          env: {
            GOBIN: bin,
            GOCACHE: goCache,
            GOTOOLCHAIN: "local",
            GOFLAGS: "-buildvcs=false",
            CGO_ENABLED: "0",
          },
        },
      );
    } finally {
      rmSync(goCache, { recursive: true, force: true });
    }
    stamp(dir, fingerprint());
    progress(component, `built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return join(bin, "actionlint");
  });
}
