import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1/index.js";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1/index.js";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1/index.js";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1/index.js";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1/index.js";
import { Password } from "@cdktf/provider-random/lib/password/index.js";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { IMAGES } from "../_internal/images.js";
import {
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
} from "../_internal/pod-security.js";
import { partOf, selectorLabels, standardLabels } from "../policy/standard-labels.js";
import type { IRedisCache } from "./i-redis-cache.js";

export interface InClusterRedisProps {
  readonly namespace: string;
  /** @default "redis" */
  readonly name?: string;
  /** Memory limit; Valkey's maxmemory is set to 80 % of it. @default 256 */
  readonly memoryMiB?: number;
  /** @default 1 */
  readonly storageGiB?: number;
  /** @default IMAGES.valkey - Valkey, maintained upstream (the Bitnami Redis images no longer are) */
  readonly image?: string;
}

/**
 * A single-node Valkey (Redis-compatible) for development and staging, as a one-replica Deployment
 * with the Recreate strategy on its own PersistentVolumeClaim (a single node gains nothing from a
 * StatefulSet, and the Deployment binding is already loaded for the services): password from
 * `random_password` into a Secret (mounted as the config file, never an env var), non-root,
 * read-only root filesystem, and a NetworkPolicy admitting only this platform's pods.
 */
export class InClusterRedis extends Construct implements IRedisCache {
  readonly endpoint: string;
  readonly tls = false;
  readonly passwordSecretName: string;
  readonly passwordSecretKey = "password";

  constructor(scope: Construct, id: string, props: InClusterRedisProps) {
    super(scope, id);
    const name = props.name ?? "redis";
    const memoryMiB = props.memoryMiB ?? 256;
    if (memoryMiB < 64)
      throw new Error(`InClusterRedis '${name}': memoryMiB (${memoryMiB}) must be >= 64`);
    const labels = standardLabels(this, name, "cache");
    const password = new Password(this, "Password", { length: 32, special: false });
    this.passwordSecretName = name;
    const secret = new SecretV1(this, "Secret", {
      metadata: { name, namespace: props.namespace, labels },
      data: {
        password: password.result,
        "valkey.conf": Fn.format(
          "requirepass %s\nmaxmemory %dmb\nmaxmemory-policy allkeys-lru\ndir /data\nappendonly yes\n",
          [password.result, Math.floor(memoryMiB * 0.8)],
        ),
      },
    });
    new ServiceV1(this, "Service", {
      metadata: { name, namespace: props.namespace, labels },
      spec: {
        selector: selectorLabels(name),
        port: [{ name: "redis", port: 6379, targetPort: "redis" }],
      },
    });
    const data = new PersistentVolumeClaimV1(this, "Data", {
      metadata: { name: `${name}-data`, namespace: props.namespace, labels },
      // Storage classes with WaitForFirstConsumer bind only once the pod is scheduled.
      waitUntilBound: false,
      spec: {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: `${props.storageGiB ?? 1}Gi` } },
      },
    });
    new DeploymentV1(this, "Resource", {
      metadata: { name, namespace: props.namespace, labels },
      spec: {
        replicas: "1",
        // Never two writers on one volume: stop the old pod before starting the new one.
        strategy: { type: "Recreate" },
        selector: { matchLabels: selectorLabels(name) },
        template: {
          metadata: {
            labels,
            annotations: { "checksum/config": Fn.sha256(Fn.jsonencode(secret.data)) },
          },
          spec: {
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(999, { fsGroup: true }),
            container: [
              {
                name: "valkey",
                image: props.image ?? IMAGES.valkey,
                imagePullPolicy: "Always",
                args: ["/etc/valkey/valkey.conf"],
                port: [{ name: "redis", containerPort: 6379 }],
                resources: {
                  requests: { cpu: "100m", memory: `${memoryMiB}Mi` },
                  limits: { cpu: "500m", memory: `${memoryMiB}Mi` },
                },
                securityContext: restrictedContainerSecurityContext(),
                livenessProbe: {
                  tcpSocket: [{ port: "redis" }],
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                },
                readinessProbe: {
                  exec: {
                    command: [
                      "sh",
                      "-c",
                      'valkey-cli -a "$(cat /etc/valkey/password)" --no-auth-warning ping | grep -q PONG',
                    ],
                  },
                  periodSeconds: 5,
                },
                volumeMount: [
                  { name: "config", mountPath: "/etc/valkey", readOnly: true },
                  { name: "data", mountPath: "/data" },
                ],
              },
            ],
            volume: [
              { name: "config", secret: { secretName: name, defaultMode: "0400" } },
              { name: "data", persistentVolumeClaim: { claimName: data.metadata.name } },
            ],
          },
        },
      },
    });
    new NetworkPolicyV1(this, "NetworkPolicy", {
      metadata: { name, namespace: props.namespace, labels },
      spec: {
        podSelector: { matchLabels: selectorLabels(name) },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { "app.kubernetes.io/part-of": partOf(this) } } }],
            ports: [{ port: "6379", protocol: "TCP" }],
          },
        ],
      },
    });
    this.endpoint = `${name}.${props.namespace}.svc:6379`;
  }
}
