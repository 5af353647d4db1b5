import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { Construct } from "constructs";
import { standardLabels, type Microservice } from "../../constructs/index.js";

/** Where the certificate comes from: an existing TLS Secret, or a cert-manager issuer. */
export interface TodoFrontDoorTls {
  /** TLS Secret (in the app namespace) the controller serves. */
  readonly secretName: string;
  /** cert-manager ClusterIssuer that fills the Secret. @default - the Secret exists already */
  readonly clusterIssuer?: string;
}

export interface TodoFrontDoorProps {
  readonly namespace: string;
  /** Public host name, e.g. `todo.example.com`. */
  readonly host: string;
  readonly tls: TodoFrontDoorTls;
  /** The services behind the door. */
  readonly taskApi: Microservice;
  readonly audit: Microservice;
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
 * `/api/{user}/audit` to audit and `/ws` to realtime, on one host with TLS, with a request size
 * and a per-client rate limit. Nothing else a service serves (subscriptions, jobs, actors,
 * internal routes, metrics) is routed. Ingress rather than Gateway API: it is a core API every
 * cluster (and the test control plane) has, so the plan never waits for CRDs, and ingress-nginx
 * expresses TLS, body size and rate limits without implementation-specific policy resources.
 */
export class TodoFrontDoor extends Construct {
  readonly api: IngressV1;
  readonly webSocket: IngressV1;

  constructor(scope: Construct, id: string, props: TodoFrontDoorProps) {
    super(scope, id);
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.host))
      throw new Error(
        `TodoFrontDoor: host '${props.host}' must be a DNS name, e.g. todo.example.com`,
      );
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
}
