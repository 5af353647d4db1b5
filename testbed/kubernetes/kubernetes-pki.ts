/**
 * The certificates and kubeconfigs of a throw-away control plane, generated per start with
 * openssl: one CA, the API server's serving certificate, the service-account signing key, and
 * a client certificate per identity (admin in `system:masters`; controller-manager, scheduler
 * and kwok under the names the default RBAC roles bind).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runStep } from "../bootstrap/build-step.js";

const COMPONENT = "kubernetes";

/** A client identity of the control plane, as Kubernetes' default RBAC knows it. */
export type ClusterIdentity = "admin" | "controller-manager" | "scheduler" | "kwok";

const SUBJECTS: Record<ClusterIdentity, string> = {
  admin: "/O=system:masters/CN=kubernetes-admin",
  "controller-manager": "/CN=system:kube-controller-manager",
  scheduler: "/CN=system:kube-scheduler",
  // kwok writes node and pod status; it runs with cluster-admin like a test harness would.
  kwok: "/O=system:masters/CN=kwok",
};

export interface ClusterPki {
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
  /** The API server's client certificate towards kubelets ({@link KUBELET_CLIENT_USER}). */
  readonly kubeletClientCert: string;
  readonly kubeletClientKey: string;
  /** kubeconfig file per identity, all pointing at `server`. */
  readonly kubeconfigs: Record<ClusterIdentity, string>;
}

/** The user the API server is to kubelets (logs, exec, port-forward). */
export const KUBELET_CLIENT_USER = "kube-apiserver-kubelet-client";

/** The in-cluster name of the API server's Service IP (first address of the service range). */
export const KUBERNETES_SERVICE_IP = "10.96.0.1";

export async function generatePki(dir: string, server: string): Promise<ClusterPki> {
  const path = (name: string) => join(dir, name);
  const openssl = (args: string[]) => runStep(COMPONENT, "openssl", args);
  const caCert = path("ca.crt");
  const caKey = path("ca.key");
  await openssl([
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
    ...["-keyout", caKey, "-out", caCert, "-days", "7", "-subj", "/CN=todo-local-ca"],
  ]);
  const sign = (name: string, subject: string, extensions: string) =>
    issueCertificate({ cert: caCert, key: caKey }, dir, name, subject, extensions);
  await sign(
    "apiserver",
    "/CN=kube-apiserver",
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      `subjectAltName=IP:127.0.0.1,IP:${KUBERNETES_SERVICE_IP},DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local`,
    ].join("\n"),
  );
  const kubeconfigs = {} as Record<ClusterIdentity, string>;
  for (const identity of Object.keys(SUBJECTS) as ClusterIdentity[]) {
    await sign(identity, SUBJECTS[identity], CLIENT_EXTENSIONS);
    kubeconfigs[identity] = path(`${identity}.kubeconfig`);
    writeFileSync(
      kubeconfigs[identity],
      kubeconfig(server, caCert, path(`${identity}.crt`), path(`${identity}.key`), identity),
      { mode: 0o600 },
    );
  }
  // The API server's identity towards kubelets (bound to system:kubelet-api-admin at start).
  const kubeletClient = await sign(
    "apiserver-kubelet-client",
    `/CN=${KUBELET_CLIENT_USER}`,
    CLIENT_EXTENSIONS,
  );
  const serviceAccountKey = path("sa.key");
  const serviceAccountPub = path("sa.pub");
  await openssl([
    "genpkey",
    "-algorithm",
    "RSA",
    "-pkeyopt",
    "rsa_keygen_bits:2048",
    "-out",
    serviceAccountKey,
  ]);
  await openssl(["pkey", "-in", serviceAccountKey, "-pubout", "-out", serviceAccountPub]);
  return {
    caCert,
    caKey,
    serverCert: path("apiserver.crt"),
    serverKey: path("apiserver.key"),
    serviceAccountKey,
    serviceAccountPub,
    kubeletClientCert: kubeletClient.cert,
    kubeletClientKey: kubeletClient.key,
    kubeconfigs,
  };
}

/** Extensions of a client certificate. */
export const CLIENT_EXTENSIONS = [
  "basicConstraints=CA:FALSE",
  "keyUsage=digitalSignature,keyEncipherment",
  "extendedKeyUsage=clientAuth",
].join("\n");

/** Issues `<dir>/<name>.crt` and `.key` for `subject`, signed by the CA. */
export async function issueCertificate(
  ca: { readonly cert: string; readonly key: string },
  dir: string,
  name: string,
  subject: string,
  extensions: string,
): Promise<{ cert: string; key: string }> {
  const path = (file: string) => join(dir, file);
  const openssl = (args: string[]) => runStep(COMPONENT, "openssl", args);
  const extFile = path(`${name}.ext`);
  writeFileSync(extFile, extensions);
  await openssl([
    ...["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
    ...["-keyout", path(`${name}.key`), "-out", path(`${name}.csr`), "-subj", subject],
  ]);
  await openssl([
    ...["x509", "-req", "-in", path(`${name}.csr`), "-CA", ca.cert, "-CAkey", ca.key],
    ...["-CAcreateserial", "-out", path(`${name}.crt`), "-days", "7", "-extfile", extFile],
  ]);
  return { cert: path(`${name}.crt`), key: path(`${name}.key`) };
}

/** A kubeconfig with one cluster, user and context, all named `todo-local`. */
export function kubeconfig(
  server: string,
  ca: string,
  cert: string,
  key: string,
  user: string,
): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: todo-local
  cluster:
    server: ${server}
    certificate-authority: ${ca}
users:
- name: ${user}
  user:
    client-certificate: ${cert}
    client-key: ${key}
contexts:
- name: todo-local
  context:
    cluster: todo-local
    user: ${user}
current-context: todo-local
`;
}
