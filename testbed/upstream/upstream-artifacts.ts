/**
 * The upstream data the tests and the local cluster read (CRDs and chart default values),
 * from where each project ships it: the Go modules that carry it, or the chart's public
 * repository. Each artifact is pinned by version and by a SHA-256 over its files (see
 * upstream-data.ts), so the same bytes are used whichever way they arrive.
 */

/** Files taken from a module the Go module proxy serves. */
export interface GoModuleSource {
  readonly kind: "go-module";
  readonly module: string;
  readonly version: string;
}

/** Files taken from a packaged Helm chart in its public chart repository. */
export interface ChartArchiveSource {
  readonly kind: "chart-archive";
  readonly url: string;
}

export type UpstreamSource = GoModuleSource | ChartArchiveSource;

export interface UpstreamArtifact {
  /** Folder of the artifact in the cache and in an offline mirror, e.g. `strimzi-1.2.0/crds`. */
  readonly name: string;
  readonly source: UpstreamSource;
  /** Path in the artifact → path inside the source (module root or unpacked archive). */
  readonly files: Readonly<Record<string, string>>;
  /** SHA-256 over the artifact's files, as {@link treeDigest} computes it. */
  readonly sha256: string;
}

const dapr: GoModuleSource = {
  kind: "go-module",
  module: "github.com/dapr/dapr",
  version: "v1.18.3",
};
const DAPR_CRDS = ["components", "configuration", "httpendpoints", "resiliency", "subscription"];
const DAPR_SUBCHARTS = [
  "dapr_config",
  "dapr_operator",
  "dapr_placement",
  "dapr_rbac",
  "dapr_scheduler",
  "dapr_sentry",
  "dapr_sidecar_injector",
];

const strimzi: ChartArchiveSource = {
  kind: "chart-archive",
  url: "https://github.com/strimzi/strimzi-kafka-operator/releases/download/1.2.0/strimzi-kafka-operator-helm-3-chart-1.2.0.tgz",
};
const STRIMZI_CRDS = [
  "040-Crd-kafka.yaml",
  "043-Crd-kafkatopic.yaml",
  "044-Crd-kafkauser.yaml",
  "045-Crd-kafkanodepool.yaml",
];

const cloudNativePg: GoModuleSource = {
  kind: "go-module",
  module: "github.com/cloudnative-pg/cloudnative-pg",
  version: "v1.30.0",
};
const CNPG_CRDS = [
  "backups",
  "clusterimagecatalogs",
  "clusters",
  "databaseroles",
  "databases",
  "failoverquorums",
  "imagecatalogs",
  "poolers",
  "publications",
  "scheduledbackups",
  "subscriptions",
];

const sameNames = (names: readonly string[], from: (name: string) => string) =>
  Object.fromEntries(names.map((name) => [name, from(name)]));

export const DAPR_CRDS_ARTIFACT: UpstreamArtifact = {
  name: "dapr-1.18.3/crds",
  source: dapr,
  files: sameNames(
    DAPR_CRDS.map((crd) => `${crd}.yaml`),
    (file) => `charts/dapr/crds/${file}`,
  ),
  sha256: "77d6f1f253a1ba2daa9d542395067071bd97ad2d2b07772f7e147b109e52644f",
};

/** The Dapr chart's values, each sub-chart's as `<sub-chart>.values.yaml`. */
export const DAPR_CHART_VALUES_ARTIFACT: UpstreamArtifact = {
  name: "dapr-1.18.3/chart",
  source: dapr,
  files: {
    "Chart.yaml": "charts/dapr/Chart.yaml",
    "values.yaml": "charts/dapr/values.yaml",
    ...Object.fromEntries(
      DAPR_SUBCHARTS.map((sub) => [`${sub}.values.yaml`, `charts/dapr/charts/${sub}/values.yaml`]),
    ),
  },
  sha256: "ba901507af946054fd5c702bb07387c863f8bbe9191759b57861b88dbd3460c2",
};

export const STRIMZI_CRDS_ARTIFACT: UpstreamArtifact = {
  name: "strimzi-1.2.0/crds",
  source: strimzi,
  files: sameNames(STRIMZI_CRDS, (file) => `strimzi-kafka-operator/crds/${file}`),
  sha256: "ea2d4e7910ec4991c64abd979def18c19b99ddbfdd4998e3344f86c64b046b48",
};

export const STRIMZI_CHART_VALUES_ARTIFACT: UpstreamArtifact = {
  name: "strimzi-1.2.0/chart",
  source: strimzi,
  files: sameNames(["Chart.yaml", "values.yaml"], (file) => `strimzi-kafka-operator/${file}`),
  sha256: "c6304b2b9b3d81ff81ffd3d5a7800f50d36db20838a0e5aa3c494211653bbd66",
};

/** CloudNativePG 1.30.0's CRDs (chart 0.29.0 installs the same operator release). */
export const CLOUDNATIVE_PG_CRDS_ARTIFACT: UpstreamArtifact = {
  name: "cloudnative-pg-1.30.0/crds",
  source: cloudNativePg,
  files: sameNames(
    CNPG_CRDS.map((crd) => `postgresql.cnpg.io_${crd}.yaml`),
    (file) => `config/crd/bases/${file}`,
  ),
  sha256: "b2f8315ebfeaa1ec3adf3acc51aa00ef9cc86a9d6868367c3a37adec2cee99a9",
};

export const CLOUDNATIVE_PG_CHART_VALUES_ARTIFACT: UpstreamArtifact = {
  name: "cloudnative-pg-0.29.0/chart",
  source: {
    kind: "chart-archive",
    url: "https://github.com/cloudnative-pg/charts/releases/download/cloudnative-pg-v0.29.0/cloudnative-pg-0.29.0.tgz",
  },
  files: sameNames(["Chart.yaml", "values.yaml"], (file) => `cloudnative-pg/${file}`),
  sha256: "aefe635349f1a2e911f656f0f17ff3a03cae995f73f7c89139118be46f3eea04",
};

/** Every artifact the bootstrap fetches. */
export const UPSTREAM_ARTIFACTS: readonly UpstreamArtifact[] = [
  DAPR_CRDS_ARTIFACT,
  DAPR_CHART_VALUES_ARTIFACT,
  STRIMZI_CRDS_ARTIFACT,
  STRIMZI_CHART_VALUES_ARTIFACT,
  CLOUDNATIVE_PG_CRDS_ARTIFACT,
  CLOUDNATIVE_PG_CHART_VALUES_ARTIFACT,
];
