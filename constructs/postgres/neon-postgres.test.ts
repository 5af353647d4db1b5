import { TerraformOutput, Testing, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { resourcesOf, synthJson } from "../../test/synth/synth-helpers.js";
import { NeonProvider } from "./.gen/neon/provider.js";
import { NeonPostgres } from "./neon-postgres.js";

const props = {
  projectName: "todo-staging",
  regionId: "aws-eu-central-1",
  branch: "staging",
  namespace: "todo",
};

function neonStack(
  extra: Partial<typeof props & { computeMinCu: number; computeMaxCu: number }> = {},
) {
  const stack = new TerraformStack(Testing.app(), "test");
  new NeonProvider(stack, "neon");
  const database = new NeonPostgres(stack, "Postgres", { ...props, ...extra });
  return { json: synthJson(stack), database };
}

describe("NeonPostgres", () => {
  it("requires the kislerdm/neon provider", () => {
    const { json } = neonStack();
    expect(json.terraform.required_providers.neon).toEqual({
      source: "kislerdm/neon",
      version: "0.15.0",
    });
  });

  it("creates a project, a branch for the environment off the default branch, a role, a database and an endpoint", () => {
    const { json } = neonStack();
    expect(resourcesOf(json, "neon_project")[0]).toMatchObject({
      name: "todo-staging",
      region_id: "aws-eu-central-1",
      pg_version: 17,
    });
    const [branch] = resourcesOf(json, "neon_branch");
    expect(branch.name).toBe("staging");
    expect(branch.parent_id).toMatch(
      /^\$\{neon_project\.Postgres_Project_\w+\.default_branch_id\}$/,
    );
    expect(resourcesOf(json, "neon_role")[0].name).toBe("app");
    expect(resourcesOf(json, "neon_database")[0].owner_name).toMatch(
      /^\$\{neon_role\.Postgres_Role_\w+\.name\}$/,
    );
    expect(resourcesOf(json, "neon_endpoint")[0]).toMatchObject({
      type: "read_write",
      autoscaling_limit_min_cu: 0.25,
      autoscaling_limit_max_cu: 1,
    });
  });

  it("builds the connection URI from provider attributes only, password URL-encoded", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new NeonProvider(stack, "neon");
    const database = new NeonPostgres(stack, "Postgres", props);
    new TerraformOutput(stack, "uri", { value: database.connectionUri, sensitive: true });
    expect(synthJson(stack).output.uri.value).toMatch(
      /^\$\{format\("postgresql:\/\/%s:%s@%s\/%s\?sslmode=require", neon_role\..*\.name, urlencode\(neon_role\..*\.password\), neon_endpoint\..*\.host, neon_database\..*\.name\)\}$/,
    );
  });

  it("fails when computeMinCu exceeds computeMaxCu", () => {
    expect(() => neonStack({ computeMinCu: 4, computeMaxCu: 2 })).toThrow(
      "NeonPostgres 'todo-staging': computeMinCu (4) exceeds computeMaxCu (2)",
    );
  });
});
