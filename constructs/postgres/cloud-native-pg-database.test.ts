import { describe, expect, it } from "vitest";
import { customResourcesOf, synthJson, testStack } from "../../test/synth/synth-helpers";
import { CloudNativePgDatabase } from "./cloud-native-pg-database";
import { postgresDatabaseFromAttributes } from "./i-postgres-database";

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
      bootstrap: { initdb: { database: "todo", owner: "todo" } },
      enablePDB: false,
    });
    // The operator writes <cluster>-app with key uri: no password passes through Terraform.
    expect(db.connectionSecretName).toBe("todo-postgres-app");
    expect(db.connectionSecretKey).toBe("uri");
  });

  it("enables the PodDisruptionBudget with more than one instance", () => {
    const stack = testStack();
    new CloudNativePgDatabase(stack, "Postgres", { namespace: "todo", instances: 3 });
    expect(customResourcesOf(synthJson(stack), "Cluster")[0].spec.enablePDB).toBe(true);
  });

  it("fails with zero instances", () => {
    expect(
      () => new CloudNativePgDatabase(testStack(), "Postgres", { namespace: "todo", instances: 0 }),
    ).toThrow("CloudNativePgDatabase 'todo-postgres': instances (0) must be an integer >= 1");
  });
});

describe("postgresDatabaseFromAttributes", () => {
  it("imports an existing database by its Secret, key 'uri' by default", () => {
    expect(postgresDatabaseFromAttributes({ connectionSecretName: "pg" })).toEqual({
      connectionSecretName: "pg",
      connectionSecretKey: "uri",
      databaseName: "todo",
    });
  });
});
