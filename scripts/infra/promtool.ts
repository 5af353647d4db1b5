/**
 * `promtool` (checks and unit-tests Prometheus alerting rules) built from the Go module proxy
 * once and kept in the cache. A heavy build: it runs at low priority under the build lock and
 * drops its Go build cache afterwards (the binary is all that is kept).
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { withBuildLock } from "./build-lock.js";
import { BootstrapError, cacheDir, isStamped, progress, runStep, stamp } from "./cache.js";

/** Prometheus 3.x publishes its Go module as v0.3xx.y (3.16.0 = v0.316.0). */
export const PROMETHEUS_MODULE = "github.com/prometheus/prometheus";
export const PROMETHEUS_VERSION = "v0.316.0";

const component = "promtool";

function promtoolDir(): string {
  return cacheDir(`promtool-${PROMETHEUS_VERSION.replace(/^v/, "")}`);
}

const fingerprint = () => `${PROMETHEUS_MODULE}/cmd/promtool@${PROMETHEUS_VERSION}`;

/** Path of the cached `promtool`, or undefined when it is not built yet. */
export function builtPromtool(): string | undefined {
  const dir = promtoolDir();
  const bin = join(dir, "bin", "promtool");
  return isStamped(dir, fingerprint()) && existsSync(bin) ? bin : undefined;
}

/** Returns the path of `promtool`, building it first when it is not cached (minutes, once). */
export async function ensurePromtool(options: { build?: boolean } = {}): Promise<string> {
  const cached = builtPromtool();
  if (cached) return cached;
  if (options.build === false)
    throw new BootstrapError(component, "promtool is not built yet: run `npm run infra:bootstrap`");
  const dir = promtoolDir();
  return withBuildLock(component, dir, async () => {
    const again = builtPromtool();
    if (again) return again;
    const bin = join(dir, "bin");
    const goCache = join(dir, "gocache");
    mkdirSync(bin, { recursive: true });
    progress(component, `${PROMETHEUS_VERSION}: building (several minutes when cold)`);
    const started = Date.now();
    try {
      // The module has no replace directives, so `go install module@version` builds it as released.
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
          `${PROMETHEUS_MODULE}/cmd/promtool@${PROMETHEUS_VERSION}`,
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
    return join(bin, "promtool");
  });
}
