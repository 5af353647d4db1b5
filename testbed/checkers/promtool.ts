/**
 * `promtool` (checks and unit-tests Prometheus alerting rules), built from the Go module proxy
 * once and kept in the cache. A heavy build: only the binary is kept.
 */
import { builtGoTool, ensureGoTool, type GoInstalledTool } from "../bootstrap/go-tool.js";

/** Prometheus 3.x publishes its Go module as v0.3xx.y (3.16.0 = v0.316.0). */
export const PROMETHEUS_MODULE = "github.com/prometheus/prometheus";
export const PROMETHEUS_VERSION = "v0.316.0";

const promtool: GoInstalledTool = {
  module: PROMETHEUS_MODULE,
  version: PROMETHEUS_VERSION,
  command: "promtool",
  coldBuild: "several minutes",
};

/** Path of the cached `promtool`, or undefined when it is not built yet. */
export const builtPromtool = () => builtGoTool(promtool);

/** Returns the path of `promtool`, building it first when it is not cached. */
export const ensurePromtool = (options: { build?: boolean } = {}) =>
  ensureGoTool(promtool, options);
