import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1/index.js";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2/index.js";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1/index.js";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1/index.js";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1/index.js";
import { Password } from "@cdktf/provider-random/lib/password/index.js";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1/index.js";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1/index.js";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1/index.js";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1/index.js";
import { Construct } from "constructs";
import {
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
} from "../_internal/pod-security.js";
import { selectorLabels, standardLabels } from "../policy/standard-labels.js";
import {
  type DaprAppHealthCheck,
  daprAppHealthCheckAnnotations,
} from "../dapr/dapr-app-health-check.js";

/** Dapr sidecar-to-sidecar gRPC port (service invocation between apps arrives here). */
export const DAPR_INTERNAL_GRPC_PORT = 50002;
/** Dapr sidecar metrics port (Prometheus). */
export const DAPR_METRICS_PORT = 9090;

export interface MicroserviceProps {
  readonly namespace: string;
  /** Image with a pinned tag, e.g. `ghcr.io/acme/orders:1.4.2`. */
  readonly image: string;
  /**
   * When the kubelet pulls the image. A pinned tag does not change, so the node's copy is
   * used once it has one (also on a node without registry access, e.g. after `kind load`).
   * @default "IfNotPresent"
   */
  readonly imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  /** Secrets (type `kubernetes.io/dockerconfigjson`) for a private registry. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** @default 8080 */
  readonly port?: number;
  /** @default 1 */
  readonly minReplicas?: number;
  /** @default minReplicas */
  readonly maxReplicas?: number;
  /** CPU request; the limit is twice this. @default 250 */
  readonly cpuMillis?: number;
  /** Memory request and limit (equal, so the pod is never OOM-killed for a neighbour's burst). @default 256 */
  readonly memoryMiB?: number;
  /** HPA target. @default 70 */
  readonly targetCpuUtilizationPercent?: number;
  /** Plain (non-secret) settings; secrets are read through the Dapr secret store. @default - none */
  readonly env?: Record<string, string>;
  /** Dapr Configuration the sidecar loads. @default - Dapr's default configuration */
  readonly daprConfig?: string;
  /** @default "/healthz" */
  readonly livenessPath?: string;
  /** @default "/readyz" - checks what the service needs to do its job */
  readonly readinessPath?: string;
  /**
   * Let the sidecar probe the app and pause subscriptions, bindings and jobs while it fails.
   * Off by default: in Dapr 1.18 a Kafka subscription paused this way can stay stopped for good
   * when the app answers again within 30 s (see {@link DaprAppHealthCheck}); without it, the
   * Resiliency redelivers until the app is back. @default - no app health check
   */
  readonly appHealthCheck?: DaprAppHealthCheck;
}

/** A peer allowed to reach this service's pods: another service, or pods selected by labels. */
export interface MicroserviceAllowFromOptions {
  /** Namespace of the peer. @default - this service's namespace */
  readonly namespace?: string;
  /** @default - the application port */
  readonly port?: number;
}

/**
 * One microservice on Kubernetes with its Dapr sidecar: ServiceAccount, Deployment
 * (restricted security context, probes, requests/limits, Dapr annotations), Service, HPA,
 * PodDisruptionBudget and a deny-by-default ingress NetworkPolicy that {@link Microservice.allowFrom} opens.
 * Sidecar and app authenticate each other with two random tokens in Secrets of their own: the
 * app API token (daprd sends it on every call to the app, `APP_API_TOKEN`) and the Dapr API
 * token (the app sends it on every call to daprd, `DAPR_API_TOKEN`); both reach daprd through
 * the injector's `dapr.io/app-token-secret` / `dapr.io/api-token-secret` and the app as env.
 * The construct id is the service name everywhere: labels, Dapr app-id, Kafka consumer group.
 */
export class Microservice extends Construct {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  readonly serviceAccount: ServiceAccountV1;
  readonly deployment: DeploymentV1;
  readonly service: ServiceV1;
  readonly networkPolicy: NetworkPolicyV1;
  /** Secret (key `token`) with the token daprd sends to the app. */
  readonly appApiTokenSecret: SecretV1;
  /** Secret (key `token`) with the token the app sends to daprd. */
  readonly daprApiTokenSecret: SecretV1;
  /** In-cluster URL of the service. */
  readonly url: string;
  private readonly ingressRules: {
    from: Record<string, unknown>[];
    ports: { port: string; protocol: string }[];
  }[] = [];

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id);
    const name = id;
    if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name))
      throw new Error(
        `Microservice '${name}': the id is the Kubernetes and Dapr name and must be a DNS label`,
      );
    const tag = props.image.includes("@") ? undefined : props.image.split("/").pop()?.split(":")[1];
    if (!props.image.includes("@") && (tag === undefined || tag === "latest"))
      throw new Error(
        `Microservice '${name}': image '${props.image}' must carry a pinned tag (not 'latest' or none)`,
      );
    const port = props.port ?? 8080;
    const minReplicas = props.minReplicas ?? 1;
    const maxReplicas = props.maxReplicas ?? minReplicas;
    if (minReplicas > maxReplicas)
      throw new Error(
        `Microservice '${name}': minReplicas (${minReplicas}) exceeds maxReplicas (${maxReplicas})`,
      );
    const cpuMillis = props.cpuMillis ?? 250;
    const memoryMiB = props.memoryMiB ?? 256;
    this.name = name;
    this.namespace = props.namespace;
    this.port = port;
    const labels = standardLabels(this, name, "service", tag);
    const metadata = { name, namespace: props.namespace, labels };

    this.serviceAccount = new ServiceAccountV1(this, "ServiceAccount", {
      metadata,
      automountServiceAccountToken: false,
    });
    const tokenSecret = (id: string, suffix: string) =>
      new SecretV1(this, `${id}Secret`, {
        metadata: { name: `${name}-${suffix}`, namespace: props.namespace, labels },
        // Generated in the state, never in the synthesized configuration.
        data: { token: new Password(this, id, { length: 48, special: false }).result },
      });
    this.appApiTokenSecret = tokenSecret("AppApiToken", "app-api-token");
    this.daprApiTokenSecret = tokenSecret("DaprApiToken", "dapr-api-token");
    const fromSecret = (env: string, secret: SecretV1) => ({
      name: env,
      valueFrom: { secretKeyRef: { name: secret.metadata.name, key: "token" } },
    });
    this.deployment = new DeploymentV1(this, "Deployment", {
      metadata,
      // The HPA owns the replica count; Terraform must not fight it on every apply.
      lifecycle: { ignoreChanges: ["spec[0].replicas"] },
      spec: {
        replicas: String(minReplicas),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorLabels(name) },
        strategy: {
          type: "RollingUpdate",
          rollingUpdate: { maxSurge: "25%", maxUnavailable: "0" },
        },
        template: {
          metadata: {
            labels,
            annotations: {
              "dapr.io/enabled": "true",
              "dapr.io/app-id": name,
              "dapr.io/app-port": String(port),
              "dapr.io/app-protocol": "http",
              ...(props.appHealthCheck
                ? daprAppHealthCheckAnnotations({
                    path: props.readinessPath ?? "/readyz",
                    ...props.appHealthCheck,
                  })
                : {}),
              "dapr.io/log-as-json": "true",
              "dapr.io/enable-metrics": "true",
              "dapr.io/metrics-port": String(DAPR_METRICS_PORT),
              "dapr.io/sidecar-cpu-request": "50m",
              "dapr.io/sidecar-cpu-limit": "500m",
              "dapr.io/sidecar-memory-request": "64Mi",
              "dapr.io/sidecar-memory-limit": "256Mi",
              "dapr.io/graceful-shutdown-seconds": "20",
              "dapr.io/app-token-secret": this.appApiTokenSecret.metadata.name,
              "dapr.io/api-token-secret": this.daprApiTokenSecret.metadata.name,
              ...(props.daprConfig ? { "dapr.io/config": props.daprConfig } : {}),
              "prometheus.io/scrape": "true",
              "prometheus.io/port": String(port),
              "prometheus.io/path": "/metrics",
            },
          },
          spec: {
            // The reference orders the Deployment after its ServiceAccount: created first, its
            // ReplicaSet is refused pods ("serviceaccount not found") until the account exists.
            serviceAccountName: this.serviceAccount.metadata.name,
            ...(props.imagePullSecrets?.length
              ? { imagePullSecrets: props.imagePullSecrets.map((name) => ({ name })) }
              : {}),
            // daprd authenticates to the API server with this token for the Kubernetes secret store;
            // what it may read is bounded by grantReadSecrets().
            automountServiceAccountToken: true,
            terminationGracePeriodSeconds: 30,
            securityContext: restrictedPodSecurityContext(10001, { fsGroup: true }),
            topologySpreadConstraint: [
              {
                maxSkew: 1,
                topologyKey: "kubernetes.io/hostname",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: [{ matchLabels: selectorLabels(name) }],
              },
            ],
            container: [
              {
                name,
                image: props.image,
                imagePullPolicy: props.imagePullPolicy ?? "IfNotPresent",
                port: [{ name: "http", containerPort: port, protocol: "TCP" }],
                env: [
                  ...Object.entries({ PORT: String(port), DAPR_APP_ID: name, ...props.env }).map(
                    ([key, value]) => ({ name: key, value }),
                  ),
                  fromSecret("APP_API_TOKEN", this.appApiTokenSecret),
                  fromSecret("DAPR_API_TOKEN", this.daprApiTokenSecret),
                ],
                resources: {
                  requests: { cpu: `${cpuMillis}m`, memory: `${memoryMiB}Mi` },
                  limits: { cpu: `${cpuMillis * 2}m`, memory: `${memoryMiB}Mi` },
                },
                securityContext: restrictedContainerSecurityContext(),
                startupProbe: {
                  httpGet: { path: props.livenessPath ?? "/healthz", port: "http" },
                  periodSeconds: 2,
                  failureThreshold: 30,
                },
                livenessProbe: {
                  httpGet: { path: props.livenessPath ?? "/healthz", port: "http" },
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                readinessProbe: {
                  httpGet: { path: props.readinessPath ?? "/readyz", port: "http" },
                  periodSeconds: 5,
                  failureThreshold: 2,
                },
                volumeMount: [{ name: "tmp", mountPath: "/tmp" }],
              },
            ],
            volume: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
          },
        },
      },
    });
    this.service = new ServiceV1(this, "Service", {
      metadata,
      spec: {
        selector: selectorLabels(name),
        port: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
      },
    });
    new HorizontalPodAutoscalerV2(this, "Autoscaler", {
      metadata,
      spec: {
        minReplicas,
        maxReplicas,
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
        metric: [
          {
            type: "Resource",
            resource: {
              name: "cpu",
              target: {
                type: "Utilization",
                averageUtilization: props.targetCpuUtilizationPercent ?? 70,
              },
            },
          },
        ],
      },
    });
    new PodDisruptionBudgetV1(this, "DisruptionBudget", {
      metadata,
      // maxUnavailable (not minAvailable) so a single-replica dev service never blocks a node drain.
      spec: { maxUnavailable: "1", selector: { matchLabels: selectorLabels(name) } },
    });
    // Always admitted: sidecar-to-sidecar invocation from pods of this namespace that carry a
    // sidecar (the injector labels them; authorised further by mTLS + Dapr access control) and
    // Prometheus scraping of the app and its sidecar from the observability namespace. The app's
    // own sidecar reaches the app port over loopback, which no NetworkPolicy filters.
    this.ingressRules.push({
      from: [{ podSelector: { matchLabels: { "dapr.io/sidecar-injected": "true" } } }],
      ports: [{ port: String(DAPR_INTERNAL_GRPC_PORT), protocol: "TCP" }],
    });
    this.ingressRules.push({
      from: [
        { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "observability" } } },
      ],
      ports: [
        { port: String(port), protocol: "TCP" },
        { port: String(DAPR_METRICS_PORT), protocol: "TCP" },
      ],
    });
    this.networkPolicy = new NetworkPolicyV1(this, "NetworkPolicy", {
      metadata,
      spec: {
        podSelector: { matchLabels: selectorLabels(name) },
        policyTypes: ["Ingress"],
        // Resolved lazily so allowFrom() calls after construction are included.
        ingress: this.ingressRules.map((rule) => ({
          from: rule.from,
          ports: rule.ports,
        })),
      },
    });
    this.url = `http://${name}.${props.namespace}.svc`;
  }

  /** Admits traffic to the application port from another service (or from a whole namespace). */
  allowFrom(
    peer: Microservice | { readonly namespace: string },
    options: MicroserviceAllowFromOptions = {},
  ): void {
    const from =
      peer instanceof Microservice
        ? { podSelector: { matchLabels: selectorLabels(peer.name) } }
        : { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": peer.namespace } } };
    this.ingressRules.push({
      from: [from],
      ports: [{ port: String(options.port ?? this.port), protocol: "TCP" }],
    });
    this.networkPolicy.spec.putIngress(this.ingressRules);
  }

  /** Lets this service read the named Secrets (through the Dapr secret store) and nothing else. */
  grantReadSecrets(secretNames: readonly string[]): RoleV1 {
    const metadata = {
      name: `${this.name}-secrets`,
      namespace: this.namespace,
      labels: standardLabels(this, this.name, "service"),
    };
    const role = new RoleV1(this, "SecretReader", {
      metadata,
      rule: [
        {
          apiGroups: [""],
          resources: ["secrets"],
          resourceNames: [...secretNames],
          verbs: ["get"],
        },
      ],
    });
    new RoleBindingV1(this, "SecretReaderBinding", {
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: metadata.name },
      subject: [{ kind: "ServiceAccount", name: this.name, namespace: this.namespace }],
    });
    return role;
  }
}
