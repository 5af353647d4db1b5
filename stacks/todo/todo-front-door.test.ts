import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { Microservice } from "../../constructs/index.js";
import { TodoFrontDoor, type TodoFrontDoorTls } from "./todo-front-door.js";

function synthFrontDoor(tls: TodoFrontDoorTls = { secretName: "todo-tls" }) {
  const stack = testStack();
  const service = (name: string) =>
    new Microservice(stack, name, { namespace: "todo", image: `ghcr.io/acme/${name}:1.0.0` });
  new TodoFrontDoor(stack, "FrontDoor", {
    namespace: "todo",
    host: "todo.example.com",
    tls,
    taskApi: service("task-api"),
    audit: service("audit"),
    notification: service("notification"),
    realtime: service("realtime"),
  });
  const json = synthJson(stack);
  return { json, ingresses: resourcesOf(json, "kubernetes_ingress_v1") };
}

/** `path → backend service resource` of an Ingress (backend names are references). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON
const routes = (ingress: any) =>
  Object.fromEntries(
    (
      ingress.spec.rule[0]!.http.path as {
        path: string;
        backend: { service: { name: string } };
      }[]
    ).map((p) => [p.path, p.backend.service.name]),
  );

const tlsSecrets = (json: ReturnType<typeof synthJson>) =>
  resourcesOf(json, "kubernetes_secret_v1").filter((s) => s.type === "kubernetes.io/tls");

describe("TodoFrontDoor", () => {
  it("routes only the tasks API, the audit API and the WebSocket, on one host", () => {
    const { ingresses } = synthFrontDoor();
    const [api, ws] = ingresses;
    expect(routes(api)).toEqual({
      "/api/[^/]+/tasks(/|$)": expect.stringMatching(/task-api_Service/),
      "/api/[^/]+/audit$": expect.stringMatching(/audit_Service/),
      "/api/[^/]+/notifications$": expect.stringMatching(/notification_Service/),
    });
    expect(routes(ws)).toEqual({ "/ws$": expect.stringMatching(/realtime_Service/) });
    for (const ingress of ingresses) {
      expect(ingress.spec.rule[0].host).toBe("todo.example.com");
      expect(ingress.spec.ingress_class_name).toBe("nginx");
    }
    // The regexes let through what they must and nothing a service keeps for its sidecar.
    const admitted = (path: string) =>
      Object.keys({ ...routes(api), ...routes(ws) }).some((r) => new RegExp(`^${r}`).test(path));
    for (const path of [
      "/api/alice/tasks",
      "/api/alice/tasks/1/complete",
      "/api/alice/audit",
      "/api/alice/notifications",
      "/ws",
    ])
      expect(admitted(path), path).toBe(true);
    for (const path of [
      "/internal/series/s/occurrences",
      "/outbox-sweep",
      "/events/task-events",
      "/dapr/subscribe",
      "/metrics",
      "/job/reminder-1",
      "/api/alice/notificationsx",
      "/api/alice/taskset",
    ])
      expect(admitted(path), path).toBe(false);
  });

  it("terminates TLS from the named Secret and limits body size and request rate", () => {
    const { ingresses } = synthFrontDoor();
    for (const ingress of ingresses) {
      expect(ingress.spec.tls).toEqual([{ hosts: ["todo.example.com"], secret_name: "todo-tls" }]);
      expect(ingress.metadata.annotations).toMatchObject({
        "nginx.ingress.kubernetes.io/proxy-body-size": "256k",
        "nginx.ingress.kubernetes.io/limit-rps": "20",
        "nginx.ingress.kubernetes.io/ssl-redirect": "true",
      });
      expect(ingress.metadata.annotations["cert-manager.io/cluster-issuer"]).toBeUndefined();
    }
  });

  it("asks cert-manager for the certificate when an issuer is named", () => {
    const { ingresses } = synthFrontDoor({ secretName: "todo-tls", clusterIssuer: "letsencrypt" });
    for (const ingress of ingresses)
      expect(ingress.metadata.annotations["cert-manager.io/cluster-issuer"]).toBe("letsencrypt");
  });

  it("creates a self-signed certificate for the host in the named Secret when asked", () => {
    const { json, ingresses } = synthFrontDoor({ secretName: "todo-tls", selfSigned: true });
    const [secret, ...others] = tlsSecrets(json);
    expect(others).toEqual([]);
    expect(secret.metadata.name).toBe("todo-tls");
    // References into the state, never the key itself.
    expect(secret.data["tls.key"]).toMatch(/^\$\{tls_private_key\.\w+\.private_key_pem\}$/);
    expect(secret.data["tls.crt"]).toMatch(/^\$\{tls_self_signed_cert\.\w+\.cert_pem\}$/);
    const [cert] = resourcesOf(json, "tls_self_signed_cert");
    expect(cert.dns_names).toEqual(["todo.example.com"]);
    expect(cert.allowed_uses).toContain("server_auth");
    for (const ingress of ingresses) expect(ingress.spec.tls[0].secret_name).toBe("todo-tls");
    // Without the flag, the Secret is someone else's.
    expect(tlsSecrets(synthFrontDoor().json)).toEqual([]);
  });

  it("refuses a self-signed certificate and a cert-manager issuer at once", () => {
    expect(() =>
      synthFrontDoor({ secretName: "todo-tls", selfSigned: true, clusterIssuer: "letsencrypt" }),
    ).toThrow(/selfSigned and tls.clusterIssuer exclude each other/);
  });

  it("fails when the host is not a DNS name", () => {
    const stack = testStack();
    const service = new Microservice(stack, "task-api", {
      namespace: "todo",
      image: "ghcr.io/acme/task-api:1.0.0",
    });
    expect(
      () =>
        new TodoFrontDoor(stack, "FrontDoor", {
          namespace: "todo",
          host: "https://todo.example.com",
          tls: { secretName: "todo-tls" },
          taskApi: service,
          audit: service,
          notification: service,
          realtime: service,
        }),
    ).toThrow(/host 'https:\/\/todo.example.com' must be a DNS name/);
  });
});
