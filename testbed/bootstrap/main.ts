/** `npm run infra:bootstrap`: one status line per component, exit status 1 when any failed. */
import { bootstrap } from "./bootstrap.js";
import { cacheRoot } from "./cache.js";

const started = performance.now();
process.stderr.write(`[bootstrap] cache: ${cacheRoot()}\n`);
const outcomes = await bootstrap();
for (const { component, seconds, error } of outcomes) {
  const status = error ? `FAILED: ${error.message}` : "ready";
  process.stderr.write(`[bootstrap] ${component.padEnd(10)} ${status} (${seconds.toFixed(1)} s)\n`);
}
const total = ((performance.now() - started) / 1000).toFixed(1);
const failed = outcomes.filter((o) => o.error);
process.stderr.write(
  failed.length
    ? `[bootstrap] ${failed.length} component(s) failed after ${total} s\n`
    : `[bootstrap] all components ready in ${total} s\n`,
);
process.exit(failed.length ? 1 : 0);
