import { describe, expect, it } from "vitest";
import {
  customResourcesOf,
  resourcesOf,
  synthJson,
  testStack,
} from "../../test/synth/synth-helpers.js";
import { DaprConfiguration } from "./dapr-configuration.js";
import { DaprControlPlane } from "./dapr-control-plane.js";
import { DaprResiliency, daprResiliencySpec } from "./dapr-resiliency.js";
import { DaprSubscription } from "./dapr-subscription.js";

describe("DaprResiliency", () => {
  it("redelivers events without a count limit at a bounded rate and protects invoked apps with a circuit breaker", () => {
    const stack = testStack();
    new DaprResiliency(stack, "R", {
      namespace: "todo",
      scopes: ["audit"],
      invokedApps: ["task-api"],
      pubsubNames: ["pubsub"],
    });
    const [resiliency] = customResourcesOf(synthJson(stack), "Resiliency");
    expect(resiliency.spec.policies.retries.redeliver).toEqual({
      policy: "constant",
      duration: "2s",
      maxRetries: -1,
    });
    expect(resiliency.spec.targets.components.pubsub.inbound).toEqual({
      timeout: "delivery",
      retry: "redeliver",
    });
    expect(resiliency.spec.targets.apps["task-api"]).toEqual({
      timeout: "general",
      retry: "transient",
      circuitBreaker: "shared",
    });
    expect(resiliency.scopes).toEqual(["audit"]);
  });

  it("is the spec daprResiliencySpec builds (the one local daprd load)", () => {
    const stack = testStack();
    const options = { invokedApps: ["task-api"], pubsubNames: ["pubsub"], components: ["cron"] };
    new DaprResiliency(stack, "R", { namespace: "todo", scopes: ["audit"], ...options });
    const [resiliency] = customResourcesOf(synthJson(stack), "Resiliency");
    expect(resiliency.spec).toEqual(daprResiliencySpec(options));
  });

  it("fails when the redelivery interval is not a whole number of seconds within 1..300", () => {
    expect(
      () =>
        new DaprResiliency(testStack(), "R", {
          namespace: "todo",
          scopes: ["a"],
          invokedApps: [],
          pubsubNames: ["p"],
          redeliveryIntervalSeconds: 0,
        }),
    ).toThrow("Dapr resiliency: redeliveryIntervalSeconds (0) must be an integer within 1..300");
  });
});

describe("DaprSubscription", () => {
  it("routes to /events/<topic> with a <topic>.dlt dead-letter topic, scoped to the app", () => {
    const stack = testStack();
    new DaprSubscription(stack, "S", {
      namespace: "todo",
      topic: "task-events",
      pubsubName: "pubsub",
      app: "audit",
    });
    const [subscription] = customResourcesOf(synthJson(stack), "Subscription");
    expect(subscription).toMatchObject({
      apiVersion: "dapr.io/v2alpha1",
      metadata: { name: "audit-task-events" },
      spec: {
        topic: "task-events",
        pubsubname: "pubsub",
        routes: { default: "/events/task-events" },
        deadLetterTopic: "task-events.dlt",
      },
      scopes: ["audit"],
    });
  });

  it("fails when the dead-letter topic is the topic itself", () => {
    expect(
      () =>
        new DaprSubscription(testStack(), "S", {
          namespace: "todo",
          topic: "t",
          pubsubName: "p",
          app: "a",
          deadLetterTopic: "t",
        }),
    ).toThrow("DaprSubscription 'a/t': deadLetterTopic must differ from topic");
  });
});

describe("DaprConfiguration", () => {
  it("denies service invocation by default and allows only the listed callers", () => {
    const stack = testStack();
    new DaprConfiguration(stack, "C", { namespace: "todo", allowedCallers: ["recurrence"] });
    const [configuration] = customResourcesOf(synthJson(stack), "Configuration");
    expect(configuration.spec.accessControl).toEqual({
      defaultAction: "deny",
      trustDomain: "public",
      policies: [
        { appId: "recurrence", defaultAction: "allow", trustDomain: "public", namespace: "todo" },
      ],
    });
    expect(configuration.spec.tracing).toEqual({ samplingRate: "0" });
  });

  it("exports traces over OTLP when given a collector", () => {
    const stack = testStack();
    new DaprConfiguration(stack, "C", {
      namespace: "todo",
      otlpEndpoint: "otel:4317",
      traceSamplingRatio: 0.1,
    });
    const [configuration] = customResourcesOf(synthJson(stack), "Configuration");
    expect(configuration.spec.tracing).toEqual({
      samplingRate: "0.1",
      otel: { endpointAddress: "otel:4317", isSecure: false, protocol: "grpc" },
    });
  });

  it("fails on a sampling ratio above 1", () => {
    expect(
      () => new DaprConfiguration(testStack(), "C", { namespace: "todo", traceSamplingRatio: 2 }),
    ).toThrow("DaprConfiguration 'appconfig': traceSamplingRatio (2) must be within 0..1");
  });
});

describe("DaprControlPlane", () => {
  it("installs the pinned chart with mTLS on and HA off by default", () => {
    const stack = testStack();
    new DaprControlPlane(stack, "Dapr");
    const [release] = resourcesOf(synthJson(stack), "helm_release");
    expect(release).toMatchObject({
      chart: "dapr",
      version: "1.18.3",
      // The release installs into a namespace resource of the construct (destroyed with it).
      namespace: expect.stringMatching(/^\$\{kubernetes_namespace_v1\.\w+\.metadata\[0\]\.name\}$/),
    });
    expect(
      resourcesOf(synthJson(stack), "kubernetes_namespace_v1").map((n) => n.metadata.name),
    ).toEqual(["dapr-system"]);
    const values = JSON.parse(release.values[0]);
    expect(values.global).toMatchObject({
      tag: "1.18.3",
      ha: { enabled: false },
      mtls: { enabled: true },
    });
  });

  it("turns HA on when asked", () => {
    const stack = testStack();
    new DaprControlPlane(stack, "Dapr", { ha: true });
    const values = JSON.parse(resourcesOf(synthJson(stack), "helm_release")[0].values[0]);
    expect(values.global.ha.enabled).toBe(true);
  });
});
