/**
 * Starts what the services run on — Kafka (with the application topics), Postgres, Redis and
 * the Dapr control plane — under `supervisor`, for `npm run local` and the event benchmark.
 */
import { join } from "node:path";
import { ensureDapr } from "../dapr/dapr-build.js";
import { startDaprControlPlane } from "../dapr/dapr-control-plane.js";
import { startKafka } from "../data-services/kafka.js";
import { startPostgres } from "../data-services/postgres.js";
import { startRedis } from "../data-services/redis.js";
import type { Supervisor } from "../process/supervisor.js";
import { ensureTopics } from "./kafka-topics.js";
import type { SystemInfra } from "./start-system.js";

export interface StartInfrastructureOptions {
  readonly logDir: string;
  /**
   * Keep Kafka, Postgres, Redis and scheduler data in sub-folders of this folder across runs.
   * @default - throw-away data, deleted on stop
   */
  readonly dataDir?: string;
}

export async function startInfrastructure(
  supervisor: Supervisor,
  { logDir, dataDir }: StartInfrastructureOptions,
) {
  const kept = (name: string) => (dataDir ? { dataDir: join(dataDir, name) } : {});
  await ensureDapr();
  const [kafka, postgres, redis, controlPlane] = await Promise.all([
    startKafka(supervisor, { logDir, ...kept("kafka") }),
    startPostgres(supervisor, { logDir, ...kept("postgres") }),
    startRedis(supervisor, { logDir, ...kept("redis") }),
    startDaprControlPlane(supervisor, { logDir, ...kept("dapr") }),
  ]);
  await ensureTopics(kafka.bootstrapServers);
  const system: SystemInfra = {
    kafkaBrokers: kafka.bootstrapServers,
    postgresUrl: postgres.url,
    redisHost: `${redis.host}:${redis.port}`,
    controlPlane,
    processes: [kafka.process, postgres.process, redis.process, ...controlPlane.processes],
  };
  return { kafka, postgres, redis, controlPlane, system };
}
