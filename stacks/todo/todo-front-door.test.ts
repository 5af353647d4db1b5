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

describe("TodoFrontDoor", () => {
  it("routes only the tasks API, the audit API and the WebSocket, on one host", () => {
    const { ingresses } = synthFrontDoor();
    const [api, ws] = ingresses;
    expect(routes(api)).toEqual({
      "/api/[^/]+/tasks(/|$)": expect.stringMatching(/task-api_Service/),
      "/api/[^/]+/audit$": expect.stringMatching(/audit_Service/),
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
      "/ws",
    ])
      expect(admitted(path), path).toBe(true);
    for (const path of [
      "/internal/series/s/occurrences",
      "/outbox-sweep",
      "/events/task-events",
      "/dapr/subscribe",
      "/metrics",
      "/api/alice/notifications",
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
          realtime: service,
        }),
    ).toThrow(/host 'https:\/\/todo.example.com' must be a DNS name/);
  });
});
