/**
 * Every custom resource the stacks emit, validated against the openAPIV3Schema of its CRD at the
 * versions the platform deploys (Dapr 1.18.3, Strimzi 1.2.0).
 */
import { Ajv, type ValidateFunction } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { synthesizeAllEnvironments } from "./all-environments.js";
import { loadCrdSchemas, type JsonSchema } from "./reference-data.js";
import { Testing } from "cdktf";
import { composeStacks } from "../../docs/examples/compose-a-stack.js";
import { resourcesOf, synthJson, type Json } from "./synth-helpers.js";

/** Kinds without reference CRDs here, each with the reason; anything else without a CRD fails. */
const NOT_IN_REFERENCE_DATA: Record<string, string> = {};

/**
 * The API server prunes fields its structural schema does not know, so a misspelt field is
 * silently dropped. Make that an error here: objects with declared properties (and no
 * preserve-unknown-fields) accept nothing else.
 */
function rejectUnknownFields(schema: JsonSchema): JsonSchema {
  const copy: JsonSchema = { ...schema };
  const props = copy.properties as Record<string, JsonSchema> | undefined;
  if (props) {
    copy.properties = Object.fromEntries(
      Object.entries(props).map(([k, v]) => [k, rejectUnknownFields(v)]),
    );
    if (
      copy.additionalProperties === undefined &&
      copy["x-kubernetes-preserve-unknown-fields"] !== true
    )
      copy.additionalProperties = false;
  }
  if (copy.items && typeof copy.items === "object")
    copy.items = rejectUnknownFields(copy.items as JsonSchema);
  if (copy.additionalProperties && typeof copy.additionalProperties === "object")
    copy.additionalProperties = rejectUnknownFields(copy.additionalProperties as JsonSchema);
  return copy;
}

/** The CRD schema as the API server applies it to a whole object (metadata is checked by the server itself). */
function objectSchema(schema: JsonSchema): JsonSchema {
  const strict = rejectUnknownFields(schema);
  return {
    ...strict,
    properties: { ...(strict.properties as object), metadata: { type: "object" } },
  };
}

describe("custom resources against their CRDs", () => {
  let validators: Map<string, ValidateFunction>;
  let manifests: { stack: string; manifest: Json }[];

  beforeAll(async () => {
    // Kubernetes schemas use x-kubernetes-* keywords and formats such as int32 that JSON Schema does not define.
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    validators = new Map(
      [...(await loadCrdSchemas())].map(([key, schema]) => [
        key,
        ajv.compile(objectSchema(schema)),
      ]),
    );
    manifests = [...synthesizeAllEnvironments(), ["library", libraryOnly()] as const].flatMap(
      ([stack, json]) =>
        resourcesOf(json, "kubernetes_manifest").map((r) => ({
          stack,
          manifest: r.manifest as Json,
        })),
    );
  });

  /**
   * The README's construct example (docs/examples/compose-a-stack.ts): its custom resources
   * include kinds the library offers that no environment emits, such as a declarative
   * Subscription (the Todo services subscribe themselves).
   */
  function libraryOnly(): Json {
    return synthJson(composeStacks(Testing.app()).workloads);
  }

  const keyOf = (m: Json) => `${m.apiVersion}/${m.kind}`;

  it("finds the Dapr and Strimzi CRDs in the reference data", () => {
    expect([...validators.keys()]).toEqual(
      expect.arrayContaining([
        "dapr.io/v1alpha1/Component",
        "dapr.io/v1alpha1/Configuration",
        "dapr.io/v1alpha1/Resiliency",
        "dapr.io/v2alpha1/Subscription",
        "kafka.strimzi.io/v1/Kafka",
        "kafka.strimzi.io/v1/KafkaNodePool",
        "kafka.strimzi.io/v1/KafkaTopic",
      ]),
    );
  });

  it("emits every kind the platform needs in some environment, and no Subscription", () => {
    const kinds = new Set(
      manifests.filter((m) => m.stack !== "library").map((m) => keyOf(m.manifest)),
    );
    expect([...kinds].sort()).toEqual([
      "dapr.io/v1alpha1/Component",
      "dapr.io/v1alpha1/Configuration",
      "dapr.io/v1alpha1/Resiliency",
      "kafka.strimzi.io/v1/Kafka",
      "kafka.strimzi.io/v1/KafkaNodePool",
      "kafka.strimzi.io/v1/KafkaTopic",
      "postgresql.cnpg.io/v1/Cluster",
    ]);
  });

  it("validates every emitted custom resource, or names why it cannot", () => {
    const problems: string[] = [];
    let validated = 0;
    for (const { stack, manifest } of manifests) {
      const validate = validators.get(keyOf(manifest));
      if (!validate) {
        if (!NOT_IN_REFERENCE_DATA[keyOf(manifest)])
          problems.push(`${stack}: no CRD for ${keyOf(manifest)}`);
        continue;
      }
      validated++;
      const name = `${manifest.kind} ${manifest.metadata.name}`; // read before ajv's type guard narrows it
      if (!validate(manifest))
        problems.push(
          `${stack}: ${name}: ${validate.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join("; ")}`,
        );
    }
    expect(problems).toEqual([]);
    expect(validated).toBeGreaterThan(50);
  });

  it("would catch a wrong type and a misspelt field", () => {
    const validate = validators.get("kafka.strimzi.io/v1/KafkaNodePool")!;
    const pool = manifests.find((m) => m.manifest.kind === "KafkaNodePool")!.manifest;
    expect(validate({ ...pool, spec: { ...pool.spec, replicas: "three" } })).toBe(false);
    expect(validate({ ...pool, spec: { ...pool.spec, replica: 3 } })).toBe(false);
  });
});
