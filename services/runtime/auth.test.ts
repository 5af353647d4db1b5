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
      expect(await verify(`Bearer ${await signHs256Token(SECRET, "alice")}`)).toMatchObject({
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
      if (header === "EXPIRED") value = `Bearer ${await signHs256Token(SECRET, "alice", -60)}`;
      await expect(verify(value)).rejects.toMatchObject({ status: 401 });
    });

    it("accepts a verified token again without losing its expiry", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        const header = `Bearer ${await signHs256Token(SECRET, "carol", 30)}`;
        expect(await verify(header)).toMatchObject({ userId: "carol" });
        expect(await verify(header)).toMatchObject({ userId: "carol" });
        // Past exp plus the 30 s clock skew.
        vi.setSystemTime(Date.now() + 61_000);
        await expect(verify(header)).rejects.toMatchObject({ status: 401 });
      } finally {
        vi.useRealTimers();
      }
    });

    it("fails with 401 for a token without sub", async () => {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(new TextEncoder().encode(SECRET));
      await expect(verify(`Bearer ${token}`)).rejects.toMatchObject({
        status: 401,
        detail: expect.stringMatching(/sub/),
      });
    });
  });

  describe("token policy (issue 12, finding 6)", () => {
    const verify = createTokenVerifier({ hs256Secret: SECRET, maxLifetimeSeconds: 3600 });
    const now = () => Math.floor(Date.now() / 1000);
    /** An HS256 token with exactly these claims (no defaults added). */
    const raw = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .sign(new TextEncoder().encode(SECRET))
        .then((t) => `Bearer ${t}`);

    it.each([
      ["without exp", () => ({ sub: "alice", iat: now() }), /exp/],
      [
        "with exp 100 years ahead",
        () => ({ sub: "alice", exp: now() + 100 * 365 * 86400 }),
        /lifetime/,
      ],
      [
        "whose exp - iat exceeds the maximum",
        () => ({ sub: "alice", iat: now() - 60, exp: now() + 3600 }),
        /lifetime/,
      ],
      [
        "with iat in the future",
        () => ({ sub: "alice", iat: now() + 600, exp: now() + 900 }),
        /iat/,
      ],
      [
        "with nbf in the future",
        () => ({ sub: "alice", nbf: now() + 600, exp: now() + 900 }),
        /nbf/,
      ],
      ["with a numeric sub", () => ({ sub: 12345, exp: now() + 60 }), /sub/],
      ["with an array sub", () => ({ sub: ["alice"], exp: now() + 60 }), /sub/],
      ["with an empty sub", () => ({ sub: "", exp: now() + 60 }), /sub/],
      ["with a NUL in sub", () => ({ sub: "alice\u0000", exp: now() + 60 }), /sub/],
      ["with a newline in sub", () => ({ sub: "alice\nadmin", exp: now() + 60 }), /sub/],
      ["with a 256-character sub", () => ({ sub: "a".repeat(256), exp: now() + 60 }), /sub/],
    ])("fails with 401 for a token %s", async (_name, claims, detail) => {
      await expect(verify(await raw(claims()))).rejects.toMatchObject({
        status: 401,
        detail: expect.stringMatching(detail),
      });
    });

    it("tolerates small clock skew on iat and exp", async () => {
      const principal = await verify(
        await raw({ sub: "alice", iat: now() + 10, exp: now() + 3600 }),
      );
      expect(principal).toEqual({ userId: "alice", expiresAtMs: (now() + 3600) * 1000 });
      await expect(verify(await raw({ sub: "alice", exp: now() - 10 }))).resolves.toBeDefined();
    });

    it("defaults the maximum lifetime to 24 h", async () => {
      const verifyDefault = createTokenVerifier({ hs256Secret: SECRET });
      await expect(
        verifyDefault(await raw({ sub: "a", iat: now(), exp: now() + 86400 })),
      ).resolves.toBeDefined();
      await expect(
        verifyDefault(await raw({ sub: "a", iat: now(), exp: now() + 86400 + 120 })),
      ).rejects.toMatchObject({ status: 401 });
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
      expect(await createTokenVerifier({ jwksUrl })(`Bearer ${token}`)).toMatchObject({
        userId: "bob",
      });
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
    const alice = { userId: "alice", expiresAtMs: Date.now() + 60_000 };
    expect(() => assertSameUser(alice, "bob")).toThrow(ProblemError);
    expect(() => assertSameUser(alice, "alice")).not.toThrow();
  });
});
