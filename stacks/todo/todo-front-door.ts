import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import { Construct } from "constructs";
import { standardLabels, type Microservice } from "../../constructs/index.js";

/**
 * Where the certificate comes from: an existing TLS Secret, a cert-manager issuer, or (for
 * clusters without either, like the local one) a self-signed certificate the stack creates.
 */
export interface TodoFrontDoorTls {
  /** TLS Secret (in the app namespace) the controller serves. */
  readonly secretName: string;
  /** cert-manager ClusterIssuer that fills the Secret. @default - the Secret exists already */
  readonly clusterIssuer?: string;
  /**
   * Create the Secret with a self-signed certificate for the host (ECDSA P-256, 90 days,
   * renewed by the first apply in its last 30). Its key lives in the Terraform state: for
   * development clusters only. Needs the `tls` provider in the stack. @default false
   */
  readonly selfSigned?: boolean;
}

export interface TodoFrontDoorProps {
  readonly namespace: string;
  /** Public host name, e.g. `todo.example.com`. */
  readonly host: string;
  readonly tls: TodoFrontDoorTls;
  /** The services behind the door. */
  readonly taskApi: Microservice;
  readonly audit: Microservice;
  readonly notification: Microservice;
  readonly realtime: Microservice;
  /** IngressClass of the controller (ingress-nginx annotations below). @default "nginx" */
  readonly className?: string;
  /** Largest request body, in KiB; the services refuse more than 256 KiB anyway. @default 256 */
  readonly maxBodyKiB?: number;
  /** Requests per second per client address (burst 5×). @default 20 */
  readonly requestsPerSecond?: number;
}

/**
 * The one public entry of the Todo system: an Ingress routing `/api/{user}/tasks…` to task-api,
 * `/api/{user}/audit` to audit, `/api/{user}/notifications` to notification and `/ws` to realtime, on one host with TLS, with a request size
 * and a per-client rate limit. Nothing else a service serves (subscriptions, jobs, actors,
 * internal routes, metrics) is routed. Ingress rather than Gateway API: it is a core API every
 * cluster (and the test control plane) has, so the plan never waits for CRDs, and ingress-nginx
 * expresses TLS, body size and rate limits without implementation-specific policy resources.
 */
export class TodoFrontDoor extends Construct {
  readonly api: IngressV1;
  readonly webSocket: IngressV1;
  /** The Secret with the self-signed certificate, when {@link TodoFrontDoorTls.selfSigned}. */
  readonly certificate?: SecretV1;

  constructor(scope: Construct, id: string, props: TodoFrontDoorProps) {
    super(scope, id);
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.host))
      throw new Error(
        `TodoFrontDoor: host '${props.host}' must be a DNS name, e.g. todo.example.com`,
      );
    if (props.tls.selfSigned && props.tls.clusterIssuer)
      throw new Error(
        "TodoFrontDoor: tls.selfSigned and tls.clusterIssuer exclude each other (who fills the Secret?)",
      );
    if (props.tls.selfSigned) this.certificate = this.selfSignedCertificate(props);
    const maxBodyKiB = props.maxBodyKiB ?? 256;
    const requestsPerSecond = props.requestsPerSecond ?? 20;
    const annotations = {
      "nginx.ingress.kubernetes.io/use-regex": "true",
      "nginx.ingress.kubernetes.io/ssl-redirect": "true",
      "nginx.ingress.kubernetes.io/proxy-body-size": `${maxBodyKiB}k`,
      "nginx.ingress.kubernetes.io/limit-rps": String(requestsPerSecond),
      "nginx.ingress.kubernetes.io/limit-burst-multiplier": "5",
      ...(props.tls.clusterIssuer
        ? { "cert-manager.io/cluster-issuer": props.tls.clusterIssuer }
        : {}),
    };
    const ingress = (
      ingressId: string,
      name: string,
      extra: Record<string, string>,
      paths: { path: string; service: Microservice }[],
    ) =>
      new IngressV1(this, ingressId, {
        metadata: {
          name,
          namespace: props.namespace,
          labels: standardLabels(this, name, "front-door"),
          annotations: { ...annotations, ...extra },
        },
        spec: {
          ingressClassName: props.className ?? "nginx",
          tls: [{ hosts: [props.host], secretName: props.tls.secretName }],
          rule: [
            {
              host: props.host,
              http: {
                path: paths.map(({ path, service }) => ({
                  path,
                  pathType: "ImplementationSpecific",
                  backend: {
                    service: { name: service.service.metadata.name, port: { number: 80 } },
                  },
                })),
              },
            },
          ],
        },
      });
    this.api = ingress("Api", "todo-api", {}, [
      { path: "/api/[^/]+/tasks(/|$)", service: props.taskApi },
      { path: "/api/[^/]+/audit$", service: props.audit },
      { path: "/api/[^/]+/notifications$", service: props.notification },
    ]);
    // A socket stays open for up to the token's lifetime (the service closes it at expiry).
    this.webSocket = ingress(
      "WebSocket",
      "todo-ws",
      {
        "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
        "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
      },
      [{ path: "/ws$", service: props.realtime }],
    );
  }

  private selfSignedCertificate(props: TodoFrontDoorProps): SecretV1 {
    const key = new PrivateKey(this, "CertificateKey", {
      algorithm: "ECDSA",
      ecdsaCurve: "P256",
    });
    const cert = new SelfSignedCert(this, "Certificate", {
      privateKeyPem: key.privateKeyPem,
      subject: [{ commonName: props.host }],
      dnsNames: [props.host],
      validityPeriodHours: 90 * 24,
      earlyRenewalHours: 30 * 24,
      allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
    });
    return new SecretV1(this, "CertificateSecret", {
      metadata: {
        name: props.tls.secretName,
        namespace: props.namespace,
        labels: standardLabels(this, props.tls.secretName, "front-door"),
      },
      type: "kubernetes.io/tls",
      data: { "tls.crt": cert.certPem, "tls.key": key.privateKeyPem },
    });
  }
}
