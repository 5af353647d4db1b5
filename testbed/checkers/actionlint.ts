/**
 * `actionlint` (checks GitHub Actions workflow files: syntax, expressions, contexts, shell
 * scripts' quoting), built from the Go module proxy once and kept in the cache.
 */
import { builtGoTool, ensureGoTool, type GoInstalledTool } from "../bootstrap/go-tool.js";

export const ACTIONLINT_MODULE = "github.com/rhysd/actionlint";
export const ACTIONLINT_VERSION = "v1.7.12";

const actionlint: GoInstalledTool = {
  module: ACTIONLINT_MODULE,
  version: ACTIONLINT_VERSION,
  command: "actionlint",
  coldBuild: "a minute",
};

/** Path of the cached `actionlint`, or undefined when it is not built yet. */
export const builtActionlint = () => builtGoTool(actionlint);

/** Returns the path of `actionlint`, building it first when it is not cached. */
export const ensureActionlint = (options: { build?: boolean } = {}) =>
  ensureGoTool(actionlint, options);
