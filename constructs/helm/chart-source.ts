import { isAbsolute, relative, resolve } from "node:path";
import { App, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { ChartRef } from "./charts.js";

/**
 * Where a Helm chart comes from. Air-gapped clusters and platform teams rarely reach the public
 * chart repositories: point a chart at a mirror, or at a chart directory on disk.
 */
export type ChartSource =
  /** The chart's public repository (the default). */
  | { readonly kind: "public" }
  /**
   * A mirror holding the same chart name and version ({@link CHARTS}) at `repository`
   * (`https://...` or `oci://...`).
   */
  | { readonly kind: "mirror"; readonly repository: string }
  /**
   * An unpacked chart directory. A relative path is relative to the folder `cdktf synth` runs
   * in; the synthesized stack refers to it relative to its own working directory, so no
   * absolute path of the machine lands in the Terraform JSON.
   */
  | { readonly kind: "directory"; readonly path: string };

/** The `repository`/`chart`/`version` arguments of a `helm_release` for `ref` from `source`. */
export function chartArguments(
  scope: IConstruct,
  ref: ChartRef,
  source: ChartSource = { kind: "public" },
): { repository?: string; chart: string; version: string } {
  switch (source.kind) {
    case "public":
      return { repository: ref.repository, chart: ref.chart, version: ref.version };
    case "mirror":
      if (!/^(https?|oci):\/\/\S+$/.test(source.repository))
        throw new Error(
          `chart '${ref.chart}': mirror repository '${source.repository}' must be an https://, http:// or oci:// URL`,
        );
      return { repository: source.repository, chart: ref.chart, version: ref.version };
    case "directory": {
      if (source.path.trim() === "")
        throw new Error(`chart '${ref.chart}': directory path is empty`);
      const stack = TerraformStack.of(scope);
      const workingDir = resolve(App.of(scope).outdir, "stacks", stack.node.id);
      const chartDir = isAbsolute(source.path) ? source.path : resolve(source.path);
      return { chart: relative(workingDir, chartDir), version: ref.version };
    }
  }
}
