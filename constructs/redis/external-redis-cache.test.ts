import { describe, expect, it } from "vitest";
import { ExternalRedisCache } from "./external-redis-cache.js";

describe("ExternalRedisCache", () => {
  it("imports an existing cache, TLS by default, password under the key 'password'", () => {
    expect(
      ExternalRedisCache.fromAttributes({ endpoint: "cache:6379", passwordSecretName: "cache" }),
    ).toMatchObject({ endpoint: "cache:6379", tls: true, passwordSecretKey: "password" });
  });

  it("fails when the endpoint is not host:port", () => {
    expect(() =>
      ExternalRedisCache.fromAttributes({ endpoint: "cache", passwordSecretName: "cache" }),
    ).toThrow("ExternalRedisCache: endpoint 'cache' must be host:port");
  });
});
