import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers.js";
import { Microservice } from "./microservice.js";

const image = "ghcr.io/acme/todo-task-api:1.2.3";

function synthService(
  props: Partial<ConstructorParameters<typeof Microservice>[2]> = {},
  extra?: (s: Microservice) => void,
) {
  const stack = testStack();
  const service = new Microservice(stack, "task-api", { namespace: "todo", image, ...props });
  extra?.(service);
  return synthJson(stack);
}

describe("Microservice", () => {
  it("creates a Deployment, Service, ServiceAccount, HPA, PDB and NetworkPolicy named after the id", () => {
    const json = synthService();
    for (const type of [
      "kubernetes_deployment_v1",
      "kubernetes_service_v1",
      "kubernetes_service_account_v1",
      "kubernetes_horizontal_pod_autoscaler_v2",
      "kubernetes_pod_disruption_budget_v1",
      "kubernetes_network_policy_v1",
    ]) {
      const [resource] = resourcesOf(json, type);
      expect(resource, type).toBeDefined();
      expect(resource.metadata.name, type).toBe("task-api");
      expect(resource.metadata.namespace, type).toBe("todo");
    }
  });

  it("runs non-root with a read-only root filesystem and no capabilities by default", () => {
    const [deployment] = resourcesOf(synthService(), "kubernetes_deployment_v1");
    const pod = deployment.spec.template.spec;
    expect(pod.security_context).toMatchObject({
      run_as_non_root: true,
      seccomp_profile: { type: "RuntimeDefault" },
    });
    expect(pod.container[0].security_context).toEqual({
      allow_privilege_escalation: false,
      privileged: false,
      read_only_root_filesystem: true,
      run_as_non_root: true,
      capabilities: { drop: ["ALL"] },
    });
  });

  it("defaults to 250m/256Mi requests with a 2x CPU limit and equal memory limit", () => {
    const [deployment] = resourcesOf(synthService(), "kubernetes_deployment_v1");
    expect(deployment.spec.template.spec.container[0].resources).toEqual({
      requests: { cpu: "250m", memory: "256Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    });
  });

  it("probes /healthz for liveness and /readyz for readiness", () => {
    const [deployment] = resourcesOf(synthService(), "kubernetes_deployment_v1");
    const container = deployment.spec.template.spec.container[0];
    expect(container.liveness_probe.http_get.path).toBe("/healthz");
    expect(container.readiness_probe.http_get.path).toBe("/readyz");
    expect(container.startup_probe.http_get.path).toBe("/healthz");
  });

  it("lets the sidecar probe the app's readiness only when asked (Dapr 1.18 can lose a paused Kafka subscription)", () => {
    const [plain] = resourcesOf(synthService(), "kubernetes_deployment_v1");
    expect(
      Object.keys(plain.spec.template.metadata.annotations).filter((k) => k.includes("app-health")),
    ).toEqual([]);
    const [deployment] = resourcesOf(
      synthService({ appHealthCheck: {} }),
      "kubernetes_deployment_v1",
    );
    expect(deployment.spec.template.metadata.annotations).toMatchObject({
      "dapr.io/enable-app-health-check": "true",
      "dapr.io/app-health-check-path": "/readyz",
      "dapr.io/app-health-probe-interval": "2",
      "dapr.io/app-health-probe-timeout": "1000",
      "dapr.io/app-health-threshold": "2",
    });
  });

  it("fails when the app health probe timeout is not shorter than its interval", () => {
    expect(() =>
      synthService({ appHealthCheck: { probeIntervalSeconds: 1, probeTimeoutMs: 1000 } }),
    ).toThrow(
      "Dapr app health check: probeTimeoutMs (1000) must be shorter than probeIntervalSeconds (1 s)",
    );
  });

  it("annotates the pod for the Dapr sidecar with the service name as app-id", () => {
    const [deployment] = resourcesOf(
      synthService({ daprConfig: "task-api-config", port: 8081 }),
      "kubernetes_deployment_v1",
    );
    expect(deployment.spec.template.metadata.annotations).toMatchObject({
      "dapr.io/enabled": "true",
      "dapr.io/app-id": "task-api",
      "dapr.io/app-port": "8081",
      "dapr.io/config": "task-api-config",
      "dapr.io/sidecar-memory-limit": "256Mi",
    });
  });

  it("scales between min and max replicas on CPU and tolerates one disruption", () => {
    const json = synthService({ minReplicas: 2, maxReplicas: 6 });
    const [hpa] = resourcesOf(json, "kubernetes_horizontal_pod_autoscaler_v2");
    expect(hpa.spec).toMatchObject({ min_replicas: 2, max_replicas: 6 });
    expect(hpa.spec.metric[0].resource.target.average_utilization).toBe(70);
    const [pdb] = resourcesOf(json, "kubernetes_pod_disruption_budget_v1");
    expect(pdb.spec.max_unavailable).toBe("1");
  });

  it("denies ingress by default except Dapr sidecar traffic and metrics scraping", () => {
    const [policy] = resourcesOf(synthService(), "kubernetes_network_policy_v1");
    expect(policy.spec.policy_types).toEqual(["Ingress"]);
    const ports = policy.spec.ingress.flatMap((rule: { ports: { port: string }[] }) =>
      rule.ports.map((p) => p.port),
    );
    expect(ports.sort()).toEqual(["50002", "8080", "9090"]);
  });

  it("admits sidecar-to-sidecar gRPC only from pods that carry a Dapr sidecar", () => {
    const [policy] = resourcesOf(synthService(), "kubernetes_network_policy_v1");
    const grpc = policy.spec.ingress.find((rule: { ports: { port: string }[] }) =>
      rule.ports.some((p) => p.port === "50002"),
    );
    expect(grpc.from).toEqual([
      { pod_selector: { match_labels: { "dapr.io/sidecar-injected": "true" } } },
    ]);
  });

  it("authenticates sidecar and app to each other with random tokens from their own Secrets", () => {
    const json = synthService();
    const secrets = Object.fromEntries(
      resourcesOf(json, "kubernetes_secret_v1").map((s) => [s.metadata.name, s.data]),
    );
    expect(Object.keys(secrets).sort()).toEqual([
      "task-api-app-api-token",
      "task-api-dapr-api-token",
    ]);
    for (const data of Object.values(secrets))
      expect(data).toEqual({ token: expect.stringMatching(/^\$\{random_password\..*\.result\}$/) });
    const [deployment] = resourcesOf(json, "kubernetes_deployment_v1");
    const template = deployment.spec.template;
    expect(template.metadata.annotations).toMatchObject({
      "dapr.io/app-token-secret": expect.stringMatching(/AppApiTokenSecret.*metadata.*name/),
      "dapr.io/api-token-secret": expect.stringMatching(/DaprApiTokenSecret.*metadata.*name/),
    });
    const env = template.spec.container[0].env;
    for (const name of ["APP_API_TOKEN", "DAPR_API_TOKEN"])
      expect(env.find((e: { name: string }) => e.name === name)).toMatchObject({
        value_from: { secret_key_ref: { key: "token" } },
      });
  });

  it("allowFrom admits another service on the application port", () => {
    const stack = testStack();
    const api = new Microservice(stack, "task-api", { namespace: "todo", image });
    const recurrence = new Microservice(stack, "recurrence", {
      namespace: "todo",
      image: "ghcr.io/acme/todo-recurrence:1.2.3",
    });
    api.allowFrom(recurrence);
    const policy = resourcesOf(synthJson(stack), "kubernetes_network_policy_v1").find(
      (p) => p.metadata.name === "task-api",
    )!;
    expect(policy.spec.ingress).toContainEqual({
      from: [
        {
          pod_selector: {
            match_labels: {
              "app.kubernetes.io/name": "recurrence",
              "app.kubernetes.io/instance": "recurrence",
            },
          },
        },
      ],
      ports: [{ port: "8080", protocol: "TCP" }],
    });
  });

  it("grantReadSecrets lets the service account get only the named secrets", () => {
    const json = synthService({}, (s) => s.grantReadSecrets(["postgres", "todo-auth"]));
    const [role] = resourcesOf(json, "kubernetes_role_v1");
    expect(role.rule).toEqual([
      {
        api_groups: [""],
        resources: ["secrets"],
        resource_names: ["postgres", "todo-auth"],
        verbs: ["get"],
      },
    ]);
    const [binding] = resourcesOf(json, "kubernetes_role_binding_v1");
    expect(binding.subject).toEqual([
      { kind: "ServiceAccount", name: "task-api", namespace: "todo" },
    ]);
  });

  it("uses the node's copy of a pinned image unless told otherwise, with pull secrets when given", () => {
    const [plain] = resourcesOf(synthService(), "kubernetes_deployment_v1");
    expect(plain.spec.template.spec.container[0].image_pull_policy).toBe("IfNotPresent");
    expect(plain.spec.template.spec.image_pull_secrets).toBeUndefined();
    const [private_] = resourcesOf(
      synthService({ imagePullPolicy: "Always", imagePullSecrets: ["ghcr-pull"] }),
      "kubernetes_deployment_v1",
    );
    expect(private_.spec.template.spec.container[0].image_pull_policy).toBe("Always");
    expect(private_.spec.template.spec.image_pull_secrets).toEqual([{ name: "ghcr-pull" }]);
  });

  it("fails when the image tag is 'latest'", () => {
    expect(() => synthService({ image: "ghcr.io/acme/todo-task-api:latest" })).toThrow(
      "Microservice 'task-api': image 'ghcr.io/acme/todo-task-api:latest' must carry a pinned tag",
    );
  });

  it("fails when the image has no tag", () => {
    expect(() => synthService({ image: "localhost:5000/todo-task-api" })).toThrow(
      /must carry a pinned tag/,
    );
  });

  it("fails when minReplicas exceeds maxReplicas", () => {
    expect(() => synthService({ minReplicas: 5, maxReplicas: 3 })).toThrow(
      "Microservice 'task-api': minReplicas (5) exceeds maxReplicas (3)",
    );
  });

  it("fails when the id is not a DNS label", () => {
    expect(() => new Microservice(testStack(), "Task_API", { namespace: "todo", image })).toThrow(
      /must be a DNS label/,
    );
  });
});
