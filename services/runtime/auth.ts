import {
  createRemoteJWKSet,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { forbidden, unauthorized } from "./problem.js";

/** How tokens are checked: Better Auth's JWKS endpoint (EdDSA/RS256) or a shared HS256 secret. */
export interface TokenVerifierOptions {
  readonly jwksUrl?: string;
  readonly hs256Secret?: string;
  /** @default - issuer not checked */
  readonly issuer?: string;
  /** @default - audience not checked */
  readonly audience?: string;
  /**
   * Longest validity a token may claim (`exp` − `iat`, or `exp` − now without `iat`), in
   * seconds: a leaked token must not work for years. @default 86400 (24 h)
   */
  readonly maxLifetimeSeconds?: number;
  /** Clock difference tolerated on `exp`, `nbf` and `iat`, in seconds. @default 30 */
  readonly clockSkewSeconds?: number;
}

/** The authenticated caller: `sub` of a verified token, and when that token expires. */
export interface Principal {
  readonly userId: string;
  /** The token's `exp` in ms since the epoch: a long-lived connection ends then. */
  readonly expiresAtMs: number;
}

/** Longest `sub` accepted; it becomes a path segment and a database key. */
const MAX_SUBJECT_LENGTH = 255;
/** Control characters (C0, DEL, C1): a `sub` with one would reach logs and SQL as-is. */
const CONTROL_CHARACTER = /\p{Cc}/u;

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
  const policy: TokenPolicy = {
    algorithms,
    issuer: options.issuer,
    audience: options.audience,
    maxLifetimeSeconds: options.maxLifetimeSeconds ?? 24 * 3600,
    clockSkewSeconds: options.clockSkewSeconds ?? 30,
  };
  const verified = new VerifiedTokenCache();
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) throw unauthorized("Missing 'Authorization: Bearer <token>' header");
    const known = verified.get(token);
    if (known) return known;
    const principal = await verifyToken(token, key, policy);
    verified.set(token, principal);
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
    readonly AUTH_MAX_TOKEN_LIFETIME_SECONDS?: number | undefined;
    readonly AUTH_CLOCK_SKEW_SECONDS?: number | undefined;
  },
  hs256Secret: string | undefined,
): TokenVerifier {
  return createTokenVerifier({
    ...(config.AUTH_JWKS_URL ? { jwksUrl: config.AUTH_JWKS_URL } : {}),
    ...(hs256Secret ? { hs256Secret } : {}),
    ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
    ...(config.AUTH_AUDIENCE ? { audience: config.AUTH_AUDIENCE } : {}),
    maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    clockSkewSeconds: config.AUTH_CLOCK_SKEW_SECONDS,
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

  set(token: string, principal: Principal): void {
    const expiresAtMs = Math.min(principal.expiresAtMs, Date.now() + VerifiedTokenCache.MAX_AGE_MS);
    // Insertion order is age order: drop the oldest when full.
    if (this.entries.size >= VerifiedTokenCache.MAX_ENTRIES)
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { principal, expiresAtMs });
  }
}

interface TokenPolicy {
  readonly algorithms: string[];
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
  readonly maxLifetimeSeconds: number;
  readonly clockSkewSeconds: number;
}

async function verifyToken(
  token: string,
  key: Uint8Array | JWTVerifyGetKey,
  policy: TokenPolicy,
): Promise<Principal> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key as Uint8Array, {
      algorithms: policy.algorithms,
      // jose checks exp and nbf (with the skew) and that iat, when present, is a number.
      requiredClaims: ["exp"],
      clockTolerance: policy.clockSkewSeconds,
      ...(policy.issuer ? { issuer: policy.issuer } : {}),
      ...(policy.audience ? { audience: policy.audience } : {}),
    }));
  } catch (err) {
    throw unauthorized(`Invalid token: ${(err as Error).message}`);
  }
  const nowSeconds = Date.now() / 1000;
  const sub: unknown = payload.sub;
  if (typeof sub !== "string" || sub.length === 0)
    throw unauthorized("Token 'sub' claim must be a non-empty string");
  if (sub.length > MAX_SUBJECT_LENGTH || CONTROL_CHARACTER.test(sub))
    throw unauthorized(
      `Token 'sub' claim must be at most ${MAX_SUBJECT_LENGTH} characters without control characters`,
    );
  if (payload.iat !== undefined && payload.iat > nowSeconds + policy.clockSkewSeconds)
    throw unauthorized("Token 'iat' claim lies in the future");
  const exp = payload.exp!;
  const lifetime = exp - (payload.iat ?? nowSeconds);
  if (lifetime > policy.maxLifetimeSeconds + policy.clockSkewSeconds)
    throw unauthorized(
      `Token lifetime (${Math.round(lifetime)} s) exceeds the maximum of ${policy.maxLifetimeSeconds} s`,
    );
  return { userId: sub, expiresAtMs: exp * 1000 };
}

/** 403 unless the path's user id is the caller's own: users only ever see their own data. */
export function assertSameUser(principal: Principal, pathUserId: string): void {
  if (principal.userId !== pathUserId) {
    throw forbidden(`Token subject may not access resources of user '${pathUserId}'`);
  }
}

/**
 * The caller of a `/api/{user_id}/…` route: verifies the bearer token and refuses a path that
 * names another user. Returns the user id.
 */
export function pathUserAuthorizer(verify: TokenVerifier) {
  return async (req: { headers: { authorization?: string } }, params: Record<string, string>) => {
    const principal = await verify(req.headers.authorization);
    assertSameUser(principal, params.user_id!);
    return principal.userId;
  };
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
