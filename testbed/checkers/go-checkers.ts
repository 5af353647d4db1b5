/** The checkers `go install`ed from the Go module proxy (see bootstrap/go-tool.ts). */
import { goTool } from "../bootstrap/go-tool.js";

/** `promtool`: checks and unit-tests Prometheus alerting rules. Prometheus 3.16.0 (modules v0.3xx.y). */
export const promtool = goTool({
  module: "github.com/prometheus/prometheus",
  version: "v0.316.0",
  command: "promtool",
  coldBuild: "a few minutes",
  // Upstream's switch that drops the cloud service discoveries (AWS, Azure, GCE, ...) and their
  // SDKs: checking and unit-testing rules needs none of them.
  tags: ["remove_all_sd"],
});

/** `actionlint`: checks GitHub Actions workflows (syntax, expressions, contexts, shell quoting). */
export const actionlint = goTool({
  module: "github.com/rhysd/actionlint",
  version: "v1.7.12",
  command: "actionlint",
  coldBuild: "a minute",
});

/** The conftest release (the plan-preview workflow installs the same; a test holds it to this). */
export const CONFTEST_VERSION = "v0.71.1";

/** `conftest`: tests plans against the repository's Rego policies (policy/plan), with OPA inside. */
export const conftest = goTool({
  module: "github.com/open-policy-agent/conftest",
  version: CONFTEST_VERSION,
  command: "conftest",
  mainPackage: "",
  coldBuild: "a few minutes",
});
