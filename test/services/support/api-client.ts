/* eslint-disable @typescript-eslint/no-explicit-any -- responses are arbitrary JSON, asserted field by field in the tests */
import { signHs256Token } from "../../../services/runtime/auth.js";

/** Shared HS256 secret of the test runs (not a real credential). */
export const TEST_JWT_SECRET = "test-only-hs256-secret-0123456789abcdef";

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly contentType: string;
  readonly body: T;
}

/** Minimal JSON HTTP client for the services under test, authenticating as `userId`. */
export async function apiAs(baseUrl: string, userId: string | undefined) {
  const token = userId ? await signHs256Token(TEST_JWT_SECRET, userId) : undefined;
  const call = async <T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get("content-type") ?? "",
      body: text ? JSON.parse(text) : undefined,
    };
  };
  return {
    token,
    get: <T = any>(path: string) => call<T>("GET", path),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>("POST", path, body, headers),
    put: <T = any>(path: string, body?: unknown) => call<T>("PUT", path, body),
    patch: <T = any>(path: string, body?: unknown) => call<T>("PATCH", path, body),
    delete: <T = any>(path: string) => call<T>("DELETE", path),
  };
}
