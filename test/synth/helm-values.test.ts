/**
 * Every Helm value the platform sets must be a path the chart knows (its default values at the
 * pinned version); a misspelt key would otherwise be ignored by the chart without a word.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CHARTS } from "../../constructs/index.js";
import { synthesizeAllEnvironments } from "./all-environments.js";
import { loadChartDefaults, REFERENCE_CHARTS, type ReferenceChart } from "./reference-data.js";
import { resourcesOf, type Json } from "./synth-helpers.js";

/** Charts without reference values here, each with the reason; any other chart without defaults fails. */
const NOT_IN_REFERENCE_DATA: Record<string, string> = {
  prometheus:
    "the testbed fetches no values of the Prometheus community chart (observability is off where the tests deploy)",
  "opentelemetry-collector":
    "the testbed fetches no values of the OpenTelemetry collector chart (observability is off where the tests deploy)",
  jaeger:
    "the testbed fetches no values of the Jaeger chart (observability is off where the tests deploy)",
};

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Paths in `values` that the chart's `defaults` do not declare (or declare with another shape). */
export function unknownValuePaths(
  values: Record<string, unknown>,
  defaults: Record<string, unknown>,
  prefix = "",
): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!Object.hasOwn(defaults, key)) return [`${path} (not a value of the chart)`];
    const known = defaults[key];
    // An empty map or null default is a free-form slot (resources: {}, annotations: {}).
    if (known === null || (isMap(known) && Object.keys(known).length === 0)) return [];
    if (isMap(known) !== isMap(value))
      return [`${path} (the chart expects ${isMap(known) ? "a map" : "a scalar or list"})`];
    return isMap(value) && isMap(known) ? unknownValuePaths(value, known, path) : [];
  });
}

describe("Helm values against the charts' defaults", () => {
  let releases: {
    stack: string;
    chart: string;
    version: string;
    values: Record<string, unknown>;
  }[];

  let defaults: Record<ReferenceChart, Record<string, unknown>>;

  beforeAll(async () => {
    defaults = Object.fromEntries(
      await Promise.all(
        REFERENCE_CHARTS.map(async (c) => [c, await loadChartDefaults(c)] as const),
      ),
    ) as typeof defaults;
    releases = [...synthesizeAllEnvironments()].flatMap(([stack, json]) =>
      resourcesOf(json, "helm_release").map((r: Json) => ({
        stack,
        // A chart directory (e.g. `.charts/dapr-1.18.3`) is named by its folder.
        chart: (r.chart as string).includes("/")
          ? (r.chart as string)
              .split("/")
              .pop()!
              .replace(/-\d+\.\d+\.\d+$/, "")
          : r.chart,
        version: r.version,
        values: Object.assign({}, ...(r.values ?? []).map((v: string) => JSON.parse(v))),
      })),
    );
  });

  it("pins the Dapr, Strimzi and CloudNativePG charts to the reference versions", () => {
    expect(CHARTS.dapr.version).toBe("1.18.3");
    expect(CHARTS.strimzi.version).toBe("1.2.0");
    expect(CHARTS.cloudNativePg.version).toBe("0.29.0");
    for (const r of releases) expect(r.version, `${r.stack} ${r.chart}`).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("sets only value paths the Dapr, Strimzi and CloudNativePG charts declare", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const release of releases) {
      const chartDefaults = defaults[release.chart as keyof typeof defaults];
      if (!chartDefaults) {
        if (!NOT_IN_REFERENCE_DATA[release.chart])
          problems.push(`${release.stack}: no reference values for chart ${release.chart}`);
        continue;
      }
      checked++;
      problems.push(
        ...unknownValuePaths(release.values, chartDefaults).map(
          (p) => `${release.stack} ${release.chart}: ${p}`,
        ),
      );
    }
    expect(problems).toEqual([]);
    expect(checked).toBe(8); // every Dapr, Strimzi and CloudNativePG release of the environments
  });

  it("would catch a misspelt value path", () => {
    const dapr = defaults.dapr;
    expect(unknownValuePaths({ global: { mtls: { enable: true } } }, dapr)).toEqual([
      "global.mtls.enable (not a value of the chart)",
    ]);
    expect(unknownValuePaths({ global: { ha: true } }, dapr)).toEqual([
      "global.ha (the chart expects a map)",
    ]);
  });
});
