import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Supervisor } from "../../../testbed/process/supervisor.js";
import { ensureTopics } from "../../../testbed/local/kafka-topics.js";
import { startSystem, type RunningService } from "../../../testbed/local/start-system.js";
import type { InfraContext } from "../../infra/infra-context.js";
import { TEST_JWT_SECRET } from "./api-client.js";
import { createTestDatabase } from "./test-database.js";

/**
 * Runs the named services as real processes, each with its own daprd, on the shared test
 * infrastructure and a fresh database; `stop()` ends them all and drops the database.
 */
export async function startTestSystem(
  infra: InfraContext,
  services: string[],
  options: { env?: Record<string, Record<string, string>>; webhookUrl?: string } = {},
) {
  await ensureTopics(infra.kafkaBrokers);
  const supervisor = new Supervisor();
  const db = await createTestDatabase(infra.postgresUrl, "todo_system");
  const workDir = mkdtempSync(join(tmpdir(), "todo-system-"));
  const start = (names: string[]): Promise<Record<string, RunningService>> =>
    startSystem(
      supervisor,
      {
        kafkaBrokers: infra.kafkaBrokers,
        postgresUrl: infra.postgresUrl,
        redisHost: `${infra.redisHost}:${infra.redisPort}`,
        controlPlane: {
          placementAddress: infra.placementAddress,
          schedulerAddress: infra.schedulerAddress,
          configFile: infra.daprConfigFile,
        },
      },
      {
        services: names,
        workDir,
        logDir: infra.logDir,
        databaseUrl: db.url,
        jwtSecret: TEST_JWT_SECRET,
        ...(options.env ? { env: options.env } : {}),
        ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
      },
    );
  try {
    const running: Record<string, RunningService> = await start(services);
    return {
      services: running,
      databaseUrl: db.url,
      supervisor,
      /** Stops one service and its sidecar (its consumer group loses its member). */
      stopService: async (name: string) => {
        const service = running[name]!;
        await service.process.stop();
        await service.daprd.stop();
        delete running[name];
      },
      /** Starts services (again) on the same database; `services` then lists them too. */
      startServices: async (names: string[]) => Object.assign(running, await start(names)),
      stop: async () => {
        await supervisor.stopAll();
        await db.drop();
      },
    };
  } catch (err) {
    await supervisor.stopAll();
    await db.drop();
    throw err;
  }
}
