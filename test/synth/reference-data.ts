/**
 * The upstream reference data (CRDs and Helm chart default values) kept next to the repository
 * in `../shared/reference` (relative to the repository root).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** `<repo>/../shared/reference`; throws saying what is missing when it is absent. */
export function referenceDir(): string {
  const dir = resolve(repositoryRoot, "../shared/reference");
  if (!existsSync(dir))
    throw new Error(
      `Reference data not found at ${dir} (expected next to the repository as ../shared/reference, ` +
        "holding dapr-1.18.3/{crds,chart} and strimzi-1.2.0/{crds,chart}). Check it out there to run these tests.",
    );
  return dir;
}

export type JsonSchema = Record<string, unknown>;

/** `apiVersion/kind` → openAPIV3Schema of that served version, from every CRD file in the reference data. */
export function loadCrdSchemas(): Map<string, JsonSchema> {
  const schemas = new Map<string, JsonSchema>();
  for (const folder of ["dapr-1.18.3/crds", "strimzi-1.2.0/crds"]) {
    const dir = join(referenceDir(), folder);
    for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
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

/** Chart default values: the chart's values.yaml, with each sub-chart's defaults under its name. */
export function loadChartDefaults(
  chart: "dapr" | "strimzi-kafka-operator",
): Record<string, unknown> {
  const dir = join(referenceDir(), chart === "dapr" ? "dapr-1.18.3/chart" : "strimzi-1.2.0/chart");
  const defaults = parse(readFileSync(join(dir, "values.yaml"), "utf8")) as Record<string, unknown>;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".values.yaml")))
    defaults[file.replace(/\.values\.yaml$/, "")] =
      parse(readFileSync(join(dir, file), "utf8")) ?? {};
  return defaults;
}
