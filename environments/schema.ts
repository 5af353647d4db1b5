/**
 * The schema every environment definition is validated against before any stack is built.
 * Environment files are data; this file is the only place that says what is allowed.
 */
import { z } from "zod";
import { CHARTS, type ChartName } from "../constructs/index.js";
import { serviceDefinitions } from "../services/service-definitions.js";
import { kindsOf, usesStack } from "./data-services.js";

/** Kafka versions Strimzi 1.2.0 supports (reference kafka-versions.yaml); the test broker runs 4.3.1. */
export const KAFKA_VERSIONS = ["4.2.0", "4.2.1", "4.3.0", "4.3.1"] as const;

const dnsLabel = z
  .string()
  .regex(
    /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
    "must be a DNS label (lowercase letters, digits, '-')",
  );
const count = (min: number, max: number) => z.number().int().min(min).max(max);

const serviceSizing = z.strictObject({
  replicas: z.strictObject({ min: count(1, 50), max: count(1, 100) }),
  cpuMillis: count(50, 8000),
  memoryMiB: count(64, 32768),
});

const localBackend = z.strictObject({
  kind: z.literal("local"),
  /** The environment's state file; each stack keeps its own beside it (`<name>-<stack part>.tfstate`). */
  path: z.string().regex(/^\S+\.tfstate$/, "must be a file name ending in .tfstate"),
});
/**
 * Terraform's `kubernetes` backend: each stack's state in a Secret of the environment's own
 * cluster (`tfstate-default-<secretSuffix>-<stack part>`, locked with a Lease), reached with the
 * environment's kubeconfig. State that outlives a CI runner without any cloud account.
 */
const kubernetesBackend = z.strictObject({
  kind: z.literal("kubernetes"),
  /** Namespace of the state Secrets; it must exist before `terraform init`. */
  namespace: dnsLabel,
  secretSuffix: dnsLabel,
});
const s3Backend = z.strictObject({
  kind: z.literal("s3"),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name"),
  key: z.string().min(1),
  region: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, "must be an AWS region such as eu-central-1"),
  /** S3-native state locking (Terraform >= 1.10 / OpenTofu >= 1.10): no DynamoDB table needed. */
  useLockfile: z.literal(true),
  encrypt: z.literal(true),
});

/**
 * Who installs an operator: the platform stack (`install`, from its Helm chart) or the cluster's
 * platform team before any deploy (`preinstalled`: the platform stack installs none, and planning
 * the app stack fails with a message naming each missing CRD and the operator).
 */
const operator = z.enum(["install", "preinstalled"]).default("install");

/** The charts the platform stack installs, by name (the library's CHARTS). */
export const CHART_NAMES = Object.keys(CHARTS) as ChartName[];

const chartSource = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("public") }),
  z.strictObject({
    kind: z.literal("mirror"),
    repository: z
      .string()
      .regex(/^(https?|oci):\/\/\S+$/, "must be an https://, http:// or oci:// repository URL"),
  }),
  /** An unpacked chart; a relative path is relative to the folder `cdktf synth` runs in. */
  z.strictObject({ kind: z.literal("directory"), path: z.string().min(1) }),
]);

const strimziKafka = z.strictObject({
  kind: z.literal("strimzi"),
  operator,
  brokers: count(1, 9),
  storageGiB: count(1, 16384),
  version: z.enum(KAFKA_VERSIONS),
});
const mskKafka = z.strictObject({
  kind: z.literal("msk"),
  brokers: count(2, 30),
  instanceType: z
    .string()
    .regex(/^kafka\.[a-z0-9]+\.[a-z0-9]+$/, "must be an MSK broker type such as kafka.m7g.large"),
  storageGiB: count(1, 16384),
  /** MSK's own version names (e.g. 4.1.x.kraft); MSK trails upstream Kafka releases. */
  version: z
    .string()
    .regex(/^\d+\.\d+\.(\d+|x)(\.kraft)?$/, "must be an MSK Kafka version such as 4.1.x.kraft"),
});
const externalKafka = z.strictObject({
  kind: z.literal("external"),
  bootstrapServers: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "must be host:port")).min(1),
});

const cloudNativePg = z.strictObject({
  kind: z.literal("cloudnative-pg"),
  operator,
  instances: count(1, 9),
  storageGiB: count(1, 16384),
});
const neonPostgres = z.strictObject({
  kind: z.literal("neon"),
  projectName: z.string().min(1).max(64),
  regionId: z.enum([
    "aws-us-east-1",
    "aws-us-east-2",
    "aws-us-west-2",
    "aws-eu-central-1",
    "aws-eu-west-2",
    "aws-ap-southeast-1",
  ]),
  /** The branch created for this environment; the project's default branch stays untouched. */
  branch: dnsLabel,
  computeMinCu: z.number().min(0.25).max(56),
  computeMaxCu: z.number().min(0.25).max(56),
});

const inClusterRedis = z.strictObject({
  kind: z.literal("in-cluster"),
  memoryMiB: count(64, 65536),
  storageGiB: count(1, 1024),
});
const elastiCache = z.strictObject({
  kind: z.literal("elasticache"),
  nodeType: z
    .string()
    .regex(
      /^cache\.[a-z0-9]+\.[a-z0-9]+$/,
      "must be an ElastiCache node type such as cache.t4g.small",
    ),
  replicas: count(0, 5),
});

/**
 * The schema of an environment that deploys `definitions`: it must size every one of them (by
 * name), and outside development with at least two replicas.
 */
export function environmentSchemaFor<const Name extends string>(
  definitions: readonly { readonly name: Name }[],
) {
  const names = definitions.map((d) => d.name);
  return z
    .strictObject({
      name: dnsLabel,
      /** development: everything in-cluster, local state; staging/production: managed services, remote state, HA. */
      stage: z.enum(["development", "staging", "production"]),
      kubernetes: z.strictObject({
        /** @default - the `KUBE_CONFIG_PATH` environment variable at plan time */
        configPath: z.string().min(1).optional(),
        context: z.string().min(1).optional(),
        namespace: dnsLabel,
      }),
      backend: z.discriminatedUnion("kind", [localBackend, kubernetesBackend, s3Backend]),
      /** Where each Helm chart comes from. @default - every chart from its public repository */
      charts: z.partialRecord(z.enum(CHART_NAMES), chartSource).default({}),
      aws: z
        .strictObject({
          region: z
            .string()
            .regex(/^[a-z]{2}-[a-z]+-\d$/, "must be an AWS region such as eu-central-1"),
          vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, "must be a VPC id (vpc-...)"),
          subnetIds: z
            .array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet id (subnet-...)"))
            .min(2),
          /** CIDR of the Kubernetes nodes that may reach MSK/ElastiCache. */
          clientCidr: z.cidrv4(),
        })
        .optional(),
      images: z.strictObject({
        registry: z
          .string()
          .regex(
            /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/,
            "must be a registry path such as ghcr.io/acme",
          ),
        tag: z
          .string()
          .regex(
            /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/,
            "must be a pinned semantic version tag such as 1.4.2 (never 'latest')",
          ),
        /** Secrets in the workload namespace with the private registry's credentials. */
        pullSecrets: z.array(dnsLabel).optional(),
      }),
      kafka: z.discriminatedUnion("kind", [strimziKafka, mskKafka, externalKafka]),
      topics: z.strictObject({
        partitions: count(1, 1000),
        replicationFactor: count(1, 9),
        retentionHours: count(1, 8760),
        deadLetterRetentionHours: count(1, 8760),
      }),
      postgres: z.discriminatedUnion("kind", [cloudNativePg, neonPostgres]),
      redis: z.discriminatedUnion("kind", [inClusterRedis, elastiCache]),
      dapr: z.strictObject({
        ha: z.boolean(),
        mtls: z.boolean(),
        logLevel: z.enum(["debug", "info", "warn", "error"]),
      }),
      /** https endpoint notification webhooks are delivered to (Dapr HTTP output binding); optional. */
      notificationWebhookUrl: z.url({ protocol: /^https$/ }).optional(),
      /**
       * The public entry (Ingress, ingress-nginx): host, TLS and limits. Absent: no Ingress, the
       * APIs are reachable in the cluster only.
       */
      frontDoor: z
        .strictObject({
          host: z
            .string()
            .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a DNS name, e.g. todo.example.com"),
          className: z.string().min(1).default("nginx"),
          /** Namespace of the ingress controller, the only one admitted to the public ports. */
          controllerNamespace: dnsLabel.default("ingress-nginx"),
          /**
           * TLS Secret in the app namespace; with clusterIssuer, cert-manager fills it; with
           * selfSigned, the stack does (its key in the Terraform state: development only).
           */
          tls: z
            .strictObject({
              secretName: dnsLabel,
              clusterIssuer: z.string().min(1).optional(),
              selfSigned: z.boolean().default(false),
            })
            .refine((tls) => !(tls.selfSigned && tls.clusterIssuer), {
              message:
                "selfSigned and clusterIssuer exclude each other: choose who fills the Secret",
            }),
          maxBodyKiB: count(1, 256).default(256),
          requestsPerSecond: count(1, 10_000).default(20),
        })
        .optional(),
      observability: z.strictObject({
        enabled: z.boolean(),
        traceSamplingRatio: z.number().min(0).max(1),
      }),
      services: z.strictObject(
        Object.fromEntries(names.map((name) => [name, serviceSizing])) as Record<
          Name,
          typeof serviceSizing
        >,
      ),
    })
    .superRefine((env, ctx) => {
      const issue = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: "custom", path, message });
      for (const name of names) {
        const { min, max } = (env.services as Record<Name, z.output<typeof serviceSizing>>)[name]
          .replicas;
        if (min > max)
          issue(
            ["services", name, "replicas", "min"],
            `min (${min}) exceeds max (${max}); allowed: min <= max`,
          );
        if (env.stage !== "development" && min < 2)
          issue(
            ["services", name, "replicas", "min"],
            `is ${min}; allowed outside development: >= 2 (a PodDisruptionBudget must keep one replica up)`,
          );
      }
      if (env.stage !== "development" && env.backend.kind !== "s3")
        issue(
          ["backend", "kind"],
          `is '${env.backend.kind}'; allowed for stage '${env.stage}': 's3' (remote state with lock file)`,
        );
      if (env.stage !== "development" && env.frontDoor?.tls.selfSigned)
        issue(
          ["frontDoor", "tls", "selfSigned"],
          `is true; allowed for stage '${env.stage}': false (a self-signed key in the Terraform state is for development only; name a clusterIssuer or an existing Secret)`,
        );
      if (env.stage === "production" && !(env.dapr.ha && env.dapr.mtls))
        issue(["dapr"], "allowed for stage 'production': ha = true and mtls = true");
      const brokers = env.kafka.kind === "external" ? undefined : env.kafka.brokers;
      if (brokers !== undefined && env.topics.replicationFactor > brokers)
        issue(
          ["topics", "replicationFactor"],
          `(${env.topics.replicationFactor}) exceeds kafka.brokers (${brokers}); allowed: 1..${brokers}`,
        );
      const needsAws = usesStack(env, "aws");
      if (needsAws && !env.aws)
        issue(
          ["aws"],
          `is required when ${kindsOf("aws").join(" or ")}; add region, vpcId, subnetIds, clientCidr`,
        );
      if (!needsAws && env.aws)
        issue(
          ["aws"],
          `is set, but nothing in this environment runs on AWS (only when ${kindsOf("aws").join(" or ")}); remove it`,
        );
      if (env.kafka.kind === "msk" && env.aws && env.kafka.brokers % env.aws.subnetIds.length !== 0)
        issue(
          ["kafka", "brokers"],
          `(${env.kafka.brokers}) must be a multiple of aws.subnetIds (${env.aws.subnetIds.length}): MSK spreads brokers evenly over zones`,
        );
      if (env.postgres.kind === "neon" && env.postgres.computeMinCu > env.postgres.computeMaxCu)
        issue(
          ["postgres", "computeMinCu"],
          `(${env.postgres.computeMinCu}) exceeds computeMaxCu (${env.postgres.computeMaxCu}); allowed: min <= max`,
        );
    });
}

/** The schema of the Todo environments: every service of services/service-definitions.ts. */
export const environmentSchema = environmentSchemaFor(serviceDefinitions);

/** What an environment file writes (before validation). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment; `services` sizes every service it deploys, by name. */
export type Environment = Omit<z.output<typeof environmentSchema>, "services"> & {
  readonly services: Readonly<Record<string, z.output<typeof serviceSizing>>>;
};
