import { describe, expect, it } from "vitest";
import { synthesizeAllEnvironments } from "./all-environments.js";
import { findPlaintextSecrets } from "./plaintext-secrets.js";

describe("findPlaintextSecrets", () => {
  it("finds nothing in any stack of any environment", () => {
    for (const [stack, json] of synthesizeAllEnvironments())
      expect(findPlaintextSecrets(json), stack).toEqual([]);
  });

  it("accepts a connection URI assembled from expressions", () => {
    const config = {
      resource: {
        kubernetes_secret_v1: {
          S: { data: { uri: '${format("postgresql://%s:%s@%s/%s", a, b, c, d)}' } },
        },
      },
    };
    expect(findPlaintextSecrets(config)).toEqual([]);
  });

  it("flags a URI with an inline password anywhere", () => {
    expect(
      findPlaintextSecrets({ locals: { db: "postgres://app:pa55word@db:5432/todo" } }),
    ).toEqual([".locals.db: URI with inline password"]);
  });

  it("flags an output that exposes a random password without sensitive = true", () => {
    expect(
      findPlaintextSecrets({ output: { pw: { value: "${random_password.P.result}" } } }),
    ).toEqual(["output.pw: exposes a secret without sensitive = true"]);
  });

  it("flags a private key", () => {
    expect(findPlaintextSecrets({ locals: { k: "-----BEGIN RSA PRIVATE KEY-----\nMII" } })).toEqual(
      [".locals.k: private key"],
    );
  });
});
