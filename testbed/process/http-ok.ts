/** A health check over plain HTTP: true on a 2xx answer within 2 s. */
export function httpOk(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok);
}
