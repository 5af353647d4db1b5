/**
 * `npm run infra:bootstrap`: builds or finds every real component the tests and
 * `npm run local` need, caching each outside the repository (see cache.ts). Idempotent:
 * a warm run only checks stamps. Go builds share the CPU, so they run one after another
 * in one lane while downloads (Maven, PyPI) and package checks run in the other.
 */
import { ensureActionlint } from "../checkers/actionlint.js";
import { cacheRoot } from "./cache.js";
import { ensureCheckov } from "../checkers/checkov.js";
import { ensureSchemathesis } from "../checkers/schemathesis.js";
import { ensureDapr } from "../dapr/dapr-build.js";
import { ensureDateutil } from "../checkers/dateutil.js";
import { ensureKafka } from "../data-services/kafka.js";
import { ensureKubernetes } from "../kubernetes/kubernetes-build.js";
import { ensurePostgres } from "../data-services/postgres.js";
import { ensurePromtool } from "../checkers/promtool.js";
import { ensureRedis } from "../data-services/redis.js";
import { ensureTerraform } from "../terraform/terraform.js";

interface Outcome {
  component: string;
  seconds: number;
  error?: Error;
}

async function timed(component: string, run: () => Promise<unknown>): Promise<Outcome> {
  const started = performance.now();
  try {
    await run();
    return { component, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    return { component, seconds: (performance.now() - started) / 1000, error: err as Error };
  }
}

async function lane(steps: [string, () => Promise<unknown>][]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const [component, run] of steps) outcomes.push(await timed(component, run));
  return outcomes;
}

const started = performance.now();
process.stderr.write(`[bootstrap] cache: ${cacheRoot()}\n`);
const outcomes = (
  await Promise.all([
    lane([
      ["dapr", ensureDapr],
      ["terraform", () => ensureTerraform()],
      ["promtool", () => ensurePromtool()],
      ["kubernetes", () => ensureKubernetes()],
      ["actionlint", () => ensureActionlint()],
    ]),
    lane([
      ["kafka", ensureKafka],
      ["postgres", ensurePostgres],
      ["redis", ensureRedis],
      ["checkov", () => ensureCheckov()],
      ["dateutil", () => ensureDateutil()],
      ["schemathesis", () => ensureSchemathesis()],
    ]),
  ])
).flat();

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
