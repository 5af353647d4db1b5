import { describe, expect, it } from "vitest";
import { ExternalPostgresDatabase } from "./external-postgres-database.js";

describe("ExternalPostgresDatabase", () => {
  it("imports an existing database by its connection URI, database 'app' by default", () => {
    const postgres = ExternalPostgresDatabase.fromAttributes({
      connectionUri: "${var.database_url}",
    });
    expect(postgres.connectionUri).toBe("${var.database_url}");
    expect(postgres.databaseName).toBe("app");
  });
});
