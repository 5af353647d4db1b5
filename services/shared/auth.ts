import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from "jose";
import { forbidden, unauthorized } from "./problem.js";

/** How tokens are checked: Better Auth's JWKS endpoint (EdDSA/RS256) or a shared HS256 secret. */
export interface TokenVerifierOptions {
  readonly jwksUrl?: string;
  readonly hs256Secret?: string;
  /** @default - issuer not checked */
  readonly issuer?: string;
  /** @default - audience not checked */
  readonly audience?: string;
}

/** The authenticated caller: `sub` of a verified token. */
export interface Principal {
  readonly userId: string;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Principal>;

/**
 * Builds a verifier for `Authorization: Bearer <JWT>` headers. Any failure is a 401 problem
 * that says why (missing header, bad signature, expired), never a 5xx.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (options.jwksUrl) {
    key = createRemoteJWKSet(new URL(options.jwksUrl));
    algorithms = ["EdDSA", "RS256", "ES256"];
  } else if (options.hs256Secret) {
    key = new TextEncoder().encode(options.hs256Secret);
    algorithms = ["HS256"];
  } else {
    throw new Error(
      "auth: set AUTH_JWKS_URL or AUTH_HS256_SECRET (or put 'auth-hs256-secret' in the secret store)",
    );
  }
  const verified = new VerifiedTokenCache();
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) throw unauthorized("Missing 'Authorization: Bearer <token>' header");
    const known = verified.get(token);
    if (known) return known;
    const { principal, expiresAtMs } = await verifyToken(token, key, algorithms, options);
    verified.set(token, principal, expiresAtMs);
    return principal;
  };
}

/**
 * The verifier a service builds from its auth settings (authConfigSchema) and the HS256
 * secret resolved at start (see resolveAuthSecret).
 */
export function tokenVerifierFromConfig(
  config: {
    readonly AUTH_JWKS_URL?: string | undefined;
    readonly AUTH_ISSUER?: string | undefined;
    readonly AUTH_AUDIENCE?: string | undefined;
  },
  hs256Secret: string | undefined,
): TokenVerifier {
  return createTokenVerifier({
    ...(config.AUTH_JWKS_URL ? { jwksUrl: config.AUTH_JWKS_URL } : {}),
    ...(hs256Secret ? { hs256Secret } : {}),
    ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
    ...(config.AUTH_AUDIENCE ? { audience: config.AUTH_AUDIENCE } : {}),
  });
}

/**
 * Tokens that passed verification, for at most a minute and never past their `exp`: a client
 * sends the same token with every request, and checking its signature each time (WebCrypto
 * HMAC or RSA/EdDSA) was the largest CPU cost of a request. Keyed by the whole token, so a
 * changed signature or claim is a miss and is verified in full.
 */
class VerifiedTokenCache {
  private static readonly MAX_AGE_MS = 60_000;
  private static readonly MAX_ENTRIES = 10_000;
  private readonly entries = new Map<string, { principal: Principal; expiresAtMs: number }>();

  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs > Date.now()) return entry.principal;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, principal: Principal, tokenExpiresAtMs: number | undefined): void {
    const expiresAtMs = Math.min(
      tokenExpiresAtMs ?? Infinity,
      Date.now() + VerifiedTokenCache.MAX_AGE_MS,
    );
    // Insertion order is age order: drop the oldest when full.
    if (this.entries.size >= VerifiedTokenCache.MAX_ENTRIES)
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { principal, expiresAtMs });
  }
}

async function verifyToken(
  token: string,
  key: Uint8Array | JWTVerifyGetKey,
  algorithms: string[],
  options: TokenVerifierOptions,
): Promise<{ principal: Principal; expiresAtMs: number | undefined }> {
  try {
    const { payload } = await jwtVerify(token, key as Uint8Array, {
      algorithms,
      ...(options.issuer ? { issuer: options.issuer } : {}),
      ...(options.audience ? { audience: options.audience } : {}),
    });
    if (!payload.sub) throw unauthorized("Token has no 'sub' claim");
    return {
      principal: { userId: payload.sub },
      expiresAtMs: payload.exp === undefined ? undefined : payload.exp * 1000,
    };
  } catch (err) {
    if (err instanceof Error && err.name === "ProblemError") throw err;
    throw unauthorized(`Invalid token: ${(err as Error).message}`);
  }
}

/** 403 unless the path's user id is the caller's own: users only ever see their own data. */
export function assertSameUser(principal: Principal, pathUserId: string): void {
  if (principal.userId !== pathUserId) {
    throw forbidden(`Token subject may not access resources of user '${pathUserId}'`);
  }
}

/** Issues an HS256 token for `userId` (local runs and tests; production tokens come from Better Auth). */
export async function signHs256Token(
  secret: string,
  userId: string,
  ttlSeconds = 12 * 3600,
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(secret));
}
