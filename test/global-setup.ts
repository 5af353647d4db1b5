/**
 * vitest globalSetup of the `system` project: runs the bootstrap (bootstrap-setup.ts), starts ONE
 * shared instance of Kafka, Postgres, Redis and the Dapr control plane for the whole run and
 * hands their addresses to the tests as `inject("infra")`. A component that cannot be provided does not abort the run:
 * its reason is recorded and only the tests that need it fail (see test/infra/require-infra.ts).
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ensureDapr } from "../testbed/dapr/dapr-build.js";
import { startDaprControlPlane } from "../testbed/dapr/dapr-control-plane.js";
import { startKafka } from "../testbed/data-services/kafka.js";
import { startPostgres } from "../testbed/data-services/postgres.js";
import { startRedis } from "../testbed/data-services/redis.js";
import { Supervisor } from "../testbed/process/supervisor.js";
import { provisionComponents } from "./bootstrap-setup.js";
import { type InfraComponent, type InfraContext } from "./infra/infra-context.js";

declare module "vitest" {
  export interface ProvidedContext {
    infra: InfraContext;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const logDir = process.env.TODO_INFRA_LOG_DIR ?? mkdtempSync(join(tmpdir(), "todo-infra-logs-"));
  mkdirSync(logDir, { recursive: true });
  const supervisor = new Supervisor();
  const unavailable: Partial<Record<InfraComponent, string>> = {};
  const attempt = async <T>(
    component: InfraComponent,
    run: () => Promise<T>,
  ): Promise<T | undefined> => {
    try {
      return await run();
    } catch (err) {
      unavailable[component] = (err as Error).message;
      return undefined;
    }
  };

  await provisionComponents();

  const [kafka, postgres, redis, dapr] = await Promise.all([
    attempt("kafka", () => startKafka(supervisor, { logDir })),
    attempt("postgres", () => startPostgres(supervisor, { logDir })),
    attempt("redis", () => startRedis(supervisor, { logDir })),
    attempt("dapr", async () => {
      const install = await ensureDapr();
      return { install, controlPlane: await startDaprControlPlane(supervisor, { logDir }) };
    }),
  ]);

  const infra: InfraContext = {
    logDir,
    kafkaBrokers: kafka?.bootstrapServers ?? "",
    postgresUrl: postgres?.url ?? "",
    redisUrl: redis?.url ?? "",
    redisHost: redis?.host ?? "",
    redisPort: redis?.port ?? 0,
    placementAddress: dapr?.controlPlane.placementAddress ?? "",
    schedulerAddress: dapr?.controlPlane.schedulerAddress ?? "",
    daprConfigFile: dapr?.controlPlane.configFile ?? "",
    bin: {
      daprd: dapr?.install.daprd ?? "",
      placement: dapr?.install.placement ?? "",
      scheduler: dapr?.install.scheduler ?? "",
    },
    unavailable,
  };
  project.provide("infra", infra);

  const summary = Object.keys(unavailable).length
    ? `UNAVAILABLE: ${Object.keys(unavailable).join(", ")}`
    : "kafka, postgres, redis, dapr control plane up";
  process.stderr.write(
    `[infra] ${summary} in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${logDir}\n`,
  );
  for (const [component, reason] of Object.entries(unavailable)) {
    process.stderr.write(`[infra] ${component}: ${reason}\n`);
  }

  return async () => {
    await supervisor.stopAll();
  };
}
