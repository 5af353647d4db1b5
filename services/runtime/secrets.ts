import type { DaprClient } from "./dapr/dapr-client.js";

/**
 * A secret from the environment when set (tests, local overrides), else from the Dapr secret
 * store, retried while the sidecar starts. The value is never logged.
 */
export async function resolveSecret(
  dapr: DaprClient,
  store: string,
  key: string,
  fromEnv: string | undefined,
  timeoutMs = 60_000,
): Promise<string> {
  if (fromEnv) return fromEnv;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await dapr.getSecret(store, key);
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(
          `secret '${key}' not available from Dapr secret store '${store}': ${(err as Error).message}`,
          { cause: err },
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
