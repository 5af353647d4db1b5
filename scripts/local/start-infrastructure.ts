/**
 * Starts what the services run on — Kafka (with the application topics), Postgres, Redis and
 * the Dapr control plane — under `supervisor`, for `npm run local` and the event benchmark.
 */
import { ensureDapr, startDaprControlPlane } from "../infra/dapr.js";
import { startKafka } from "../infra/kafka.js";
import { startPostgres } from "../infra/postgres.js";
import { startRedis } from "../infra/redis.js";
import type { Supervisor } from "../infra/supervisor.js";
import { ensureTopics } from "./kafka-topics.js";
import type { SystemInfra } from "./start-system.js";

export async function startInfrastructure(supervisor: Supervisor, logDir: string) {
  await ensureDapr();
  const [kafka, postgres, redis, controlPlane] = await Promise.all([
    startKafka(supervisor, { logDir }),
    startPostgres(supervisor, { logDir }),
    startRedis(supervisor, { logDir }),
    startDaprControlPlane(supervisor, { logDir }),
  ]);
  await ensureTopics(kafka.bootstrapServers);
  const system: SystemInfra = {
    kafkaBrokers: kafka.bootstrapServers,
    postgresUrl: postgres.url,
    redisHost: `${redis.host}:${redis.port}`,
    controlPlane,
  };
  return { kafka, postgres, redis, controlPlane, system };
}
