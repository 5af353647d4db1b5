/**
 * Upstream reference data (CRDs and Helm chart default values) as the testbed fetches it
 * (testbed/upstream): from the Go modules and chart repositories that ship it, or from the
 * offline mirror named by TODO_PLATFORM_UPSTREAM_MIRROR. A missing artifact fails with how to get it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, parse } from "yaml";
import {
  CLOUDNATIVE_PG_CHART_VALUES_ARTIFACT,
  CLOUDNATIVE_PG_CRDS_ARTIFACT,
  DAPR_CHART_VALUES_ARTIFACT,
  DAPR_CRDS_ARTIFACT,
  STRIMZI_CHART_VALUES_ARTIFACT,
  STRIMZI_CRDS_ARTIFACT,
} from "../../testbed/upstream/upstream-artifacts.js";
import { upstreamDir } from "../../testbed/upstream/upstream-data.js";

export type JsonSchema = Record<string, unknown>;

const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

/** `group/version/kind` → openAPIV3Schema of that served version, from the Dapr, Strimzi and CloudNativePG CRDs. */
export async function loadCrdSchemas(): Promise<Map<string, JsonSchema>> {
  const schemas = new Map<string, JsonSchema>();
  for (const artifact of [
    DAPR_CRDS_ARTIFACT,
    STRIMZI_CRDS_ARTIFACT,
    CLOUDNATIVE_PG_CRDS_ARTIFACT,
  ]) {
    const dir = await upstreamDir(artifact);
    for (const file of yamlFiles(dir)) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
        const crd = doc.toJSON() as {
          kind?: string;
          spec?: {
            group: string;
            names: { kind: string };
            versions: { name: string; served: boolean; schema: { openAPIV3Schema: JsonSchema } }[];
          };
        } | null;
        if (crd?.kind !== "CustomResourceDefinition" || !crd.spec) continue;
        for (const version of crd.spec.versions.filter((v) => v.served))
          schemas.set(
            `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`,
            version.schema.openAPIV3Schema,
          );
      }
    }
  }
  return schemas;
}

const CHART_VALUES = {
  dapr: DAPR_CHART_VALUES_ARTIFACT,
  "strimzi-kafka-operator": STRIMZI_CHART_VALUES_ARTIFACT,
  "cloudnative-pg": CLOUDNATIVE_PG_CHART_VALUES_ARTIFACT,
} as const;

/** Charts whose default values the reference data holds. */
export type ReferenceChart = keyof typeof CHART_VALUES;
export const REFERENCE_CHARTS = Object.keys(CHART_VALUES) as ReferenceChart[];

/** Chart default values: the chart's values.yaml, with each sub-chart's defaults under its name. */
export async function loadChartDefaults(chart: ReferenceChart): Promise<Record<string, unknown>> {
  const dir = await upstreamDir(CHART_VALUES[chart]);
  const defaults = parse(readFileSync(join(dir, "values.yaml"), "utf8")) as Record<string, unknown>;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".values.yaml")))
    defaults[file.replace(/\.values\.yaml$/, "")] =
      parse(readFileSync(join(dir, file), "utf8")) ?? {};
  return defaults;
}
