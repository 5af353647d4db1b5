import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  customResourcesOf,
  resourcesOf,
  synthJson,
  testStack,
} from "../../test/synth/synth-helpers.js";
import { CloudNativePgDatabase } from "./cloud-native-pg-database.js";

describe("CloudNativePgDatabase", () => {
  it("emits one CloudNativePG Cluster with a pinned image and initdb of the app database", () => {
    const stack = testStack();
    const db = new CloudNativePgDatabase(stack, "Postgres", { namespace: "todo" });
    const [cluster] = customResourcesOf(synthJson(stack), "Cluster");
    expect(cluster.apiVersion).toBe("postgresql.cnpg.io/v1");
    expect(cluster.spec).toMatchObject({
      instances: 1,
      imageName: "ghcr.io/cloudnative-pg/postgresql:17.6",
      storage: { size: "5Gi" },
      bootstrap: {
        initdb: { database: "app", owner: "app", secret: { name: "postgres-owner" } },
      },
      enablePDB: false,
    });
    expect(db.host).toBe("postgres-rw.todo.svc");
  });

  it("bootstraps the owner from a random password, so the URI is known without reading the cluster", () => {
    const stack = testStack();
    const db = new CloudNativePgDatabase(stack, "Postgres", { namespace: "todo" });
    new TerraformOutput(stack, "uri", { value: db.connectionUri, sensitive: true });
    const json = synthJson(stack);
    const [secret] = resourcesOf(json, "kubernetes_secret_v1");
    expect(secret).toMatchObject({
      type: "kubernetes.io/basic-auth",
      metadata: { name: "postgres-owner" },
    });
    expect(secret.data.password).toMatch(/^\$\{random_password\..*\.result\}$/);
    expect(json.output.uri.value).toMatch(
      /^\$\{format\("postgresql:\/\/%s:%s@%s:5432\/%s", "app", random_password\..*\.result, "postgres-rw\.todo\.svc", "app"\)\}$/,
    );
  });

  it("enables the PodDisruptionBudget with more than one instance", () => {
    const stack = testStack();
    new CloudNativePgDatabase(stack, "Postgres", { namespace: "todo", instances: 3 });
    expect(customResourcesOf(synthJson(stack), "Cluster")[0].spec.enablePDB).toBe(true);
  });

  it("fails with zero instances", () => {
    expect(
      () => new CloudNativePgDatabase(testStack(), "Postgres", { namespace: "todo", instances: 0 }),
    ).toThrow("CloudNativePgDatabase 'postgres': instances (0) must be an integer >= 1");
  });
});
