/**
 * The bootstrap: builds or finds every real component the tests and `npm run local` need,
 * caching each outside the repository (see cache.ts). Idempotent: a warm run only checks
 * stamps. Go builds share the CPU, so they run one after another in one lane, in an order
 * where builds that share packages follow each other in the shared Go build cache; downloads
 * (Maven, PyPI, upstream data) and package checks run in the other lane.
 */
import { ensureCheckov } from "../checkers/checkov.js";
import { ensureDateutil } from "../checkers/dateutil.js";
import { actionlint, conftest, promtool } from "../checkers/go-checkers.js";
import { ensureSchemathesis } from "../checkers/schemathesis.js";
import { ensureDapr } from "../dapr/dapr-build.js";
import { ensureKafka } from "../data-services/kafka.js";
import { ensurePostgres } from "../data-services/postgres.js";
import { ensureRedis } from "../data-services/redis.js";
import { ensureKubernetes } from "../kubernetes/kubernetes-build.js";
import { ensureNode } from "../node/node-build.js";
import { ensureTerraform } from "../terraform/terraform.js";
import { ensureUpstreamData } from "../upstream/upstream-data.js";
import { dropGoBuildCache } from "./go-build.js";

/** How one component's step ended. */
export interface Outcome {
  readonly component: string;
  readonly seconds: number;
  readonly error?: Error;
}

type Step = readonly [component: string, run: () => Promise<unknown>];

/** Go builds, one at a time: side by side on 2 cores they take about three times as long. */
const GO_LANE: readonly Step[] = [
  // Dapr first: the integration tests' control plane waits for it. All builds share one Go
  // build cache, so the standard library and the packages they share compile once.
  ["dapr", ensureDapr],
  ["terraform", () => ensureTerraform()],
  ["kubernetes", () => ensureKubernetes()],
  // containerd, the CNI plugins and crane share much with the control plane (grpc, OCI specs).
  ["node", () => ensureNode()],
  ["promtool", () => promtool.ensure()],
  ["actionlint", () => actionlint.ensure()],
  ["conftest", () => conftest.ensure()],
];

const DOWNLOAD_LANE: readonly Step[] = [
  ["upstream", ensureUpstreamData],
  ["kafka", ensureKafka],
  ["postgres", ensurePostgres],
  ["redis", ensureRedis],
  ["checkov", () => ensureCheckov()],
  ["dateutil", () => ensureDateutil()],
  ["schemathesis", () => ensureSchemathesis()],
];

async function timed([component, run]: Step): Promise<Outcome> {
  const started = performance.now();
  try {
    await run();
    return { component, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    return { component, seconds: (performance.now() - started) / 1000, error: err as Error };
  }
}

async function lane(steps: readonly Step[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of steps) outcomes.push(await timed(step));
  return outcomes;
}

/**
 * Runs both lanes and returns every component's outcome (a failed component does not stop
 * the others). The shared Go build cache is dropped at the end: only the binaries are kept.
 */
export async function bootstrap(): Promise<Outcome[]> {
  const outcomes = (await Promise.all([lane(GO_LANE), lane(DOWNLOAD_LANE)])).flat();
  dropGoBuildCache();
  return outcomes;
}
