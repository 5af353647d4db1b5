/**
 * A check or build done once per process however many callers ask (a test run starts many
 * instances of a component); a failure is not kept, so the next caller tries again.
 */
export function oncePerProcess<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
