import { createServer, type Server } from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { assertSameUser, createTokenVerifier, signHs256Token } from "./auth.js";
import { ProblemError } from "./problem.js";

const SECRET = "unit-test-secret-0123456789abcdef0123";

describe("createTokenVerifier", () => {
  describe("with an HS256 secret", () => {
    const verify = createTokenVerifier({ hs256Secret: SECRET });

    it("returns the sub claim as the user", async () => {
      expect(await verify(`Bearer ${await signHs256Token(SECRET, "alice")}`)).toEqual({
        userId: "alice",
      });
    });

    it.each([
      ["no header", undefined],
      ["another scheme", "Basic YWxpY2U6cHc="],
      ["a token signed with another secret", "SIGNED_OTHER"],
      ["an expired token", "EXPIRED"],
    ])("fails with 401 for %s", async (_name, header) => {
      let value = header;
      if (header === "SIGNED_OTHER")
        value = `Bearer ${await signHs256Token("another-secret-0123456789abcdef0123", "alice")}`;
      if (header === "EXPIRED") value = `Bearer ${await signHs256Token(SECRET, "alice", -10)}`;
      await expect(verify(value)).rejects.toMatchObject({ status: 401 });
    });

    it("accepts a verified token again without losing its expiry", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        const header = `Bearer ${await signHs256Token(SECRET, "carol", 30)}`;
        expect(await verify(header)).toEqual({ userId: "carol" });
        expect(await verify(header)).toEqual({ userId: "carol" });
        vi.setSystemTime(Date.now() + 31_000);
        await expect(verify(header)).rejects.toMatchObject({ status: 401 });
      } finally {
        vi.useRealTimers();
      }
    });

    it("fails with 401 for a token without sub", async () => {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setIssuedAt()
        .sign(new TextEncoder().encode(SECRET));
      await expect(verify(`Bearer ${token}`)).rejects.toMatchObject({
        status: 401,
        detail: expect.stringMatching(/sub/),
      });
    });
  });

  describe("with a JWKS URL (Better Auth, EdDSA)", () => {
    let server: Server;
    let jwksUrl: string;
    let privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

    beforeAll(async () => {
      const pair = await generateKeyPair("EdDSA", { crv: "Ed25519" });
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "EdDSA" };
      server = createServer((_req, res) =>
        res.setHeader("content-type", "application/json").end(JSON.stringify({ keys: [jwk] })),
      );
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const address = server.address();
      jwksUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/auth/jwks`;
    });

    afterAll(() => server.close());

    it("verifies an EdDSA token against the published keys", async () => {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
        .setSubject("bob")
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(privateKey);
      expect(await createTokenVerifier({ jwksUrl })(`Bearer ${token}`)).toEqual({ userId: "bob" });
    });

    it("rejects an HS256 token (algorithm confusion)", async () => {
      await expect(
        createTokenVerifier({ jwksUrl })(`Bearer ${await signHs256Token(SECRET, "bob")}`),
      ).rejects.toMatchObject({ status: 401 });
    });
  });

  it("fails at start without a JWKS URL or secret", () => {
    expect(() => createTokenVerifier({})).toThrow(/AUTH_JWKS_URL or AUTH_HS256_SECRET/);
  });
});

describe("assertSameUser", () => {
  it("fails with 403 for another user's path", () => {
    expect(() => assertSameUser({ userId: "alice" }, "bob")).toThrow(ProblemError);
    expect(() => assertSameUser({ userId: "alice" }, "alice")).not.toThrow();
  });
});
