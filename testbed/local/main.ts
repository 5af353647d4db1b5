/**
 * `npm run local`: the whole Todo system on this machine — real Kafka, Postgres, Redis, Dapr
 * placement and scheduler, and every service with its own daprd — until Ctrl-C, which stops
 * every service before the sidecars and infrastructure it needs (whole process groups: no
 * orphans). A process that dies is restarted. Data is kept between runs:
 *
 *   npm run local                       # data in the default folder (defaultLocalDataDir)
 *   npm run local -- --data-dir <path>  # data in <path>
 *   npm run local -- --fresh            # delete the kept data first
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { serviceDefinitions } from "../../services/service-definitions.js";
import { defaultLocalDataDir } from "./local-data-dir.js";
import { runInForeground } from "../process/foreground.js";
import { Supervisor } from "../process/supervisor.js";
import { localJwtSecret } from "./local-secret.js";
import { startInfrastructure } from "./start-infrastructure.js";
import { startSystem } from "./start-system.js";

const started = Date.now();
const { values: flags } = parseArgs({
  options: { "data-dir": { type: "string" }, fresh: { type: "boolean", default: false } },
});
const dataDir = flags["data-dir"] ? resolve(flags["data-dir"]) : defaultLocalDataDir();
const runDir = mkdtempSync(join(tmpdir(), "todo-local-"));
const logDir = join(runDir, "logs");
const say = (line: string) => process.stderr.write(`[local] ${line}\n`);
const supervisor = new Supervisor({ restartOnExit: true });

await runInForeground(supervisor, say, async () => {
  if (flags.fresh) {
    say(`--fresh: deleting the kept data in ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  say(`starting infrastructure (data in ${dataDir}, logs in ${logDir})`);
  const {
    kafka,
    postgres,
    system: infra,
  } = await startInfrastructure(supervisor, {
    logDir,
    dataDir,
  });
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'todo'");
  if (exists.rowCount === 0) await admin.query("CREATE DATABASE todo");
  await admin.end();
  const databaseUrl = postgres.url.replace(/\/postgres$/, "/todo");

  say("starting services");
  const services = await startSystem(supervisor, infra, {
    services: serviceDefinitions.map((s) => s.name),
    workDir: runDir,
    logDir,
    databaseUrl,
    jwtSecret: localJwtSecret(),
    ports: Object.fromEntries(
      serviceDefinitions.map((s) => [
        s.name,
        Number(process.env[`${s.name.toUpperCase().replace("-", "_")}_PORT`] ?? s.port),
      ]),
    ),
  });
  const lines = Object.values(services).map(
    (s) => `  ${s.name.padEnd(13)} ${s.url}   (dapr http ${s.daprd.httpPort})`,
  );
  return [
    "",
    `Todo system up in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
    ...lines,
    `  websocket     ${services.realtime!.url.replace("http", "ws")}/ws`,
    `  kafka         ${kafka.bootstrapServers}`,
    `  postgres      127.0.0.1:${postgres.port} (database todo)`,
    `  data          ${dataDir} (kept; --fresh starts empty)`,
    `  logs          ${logDir}`,
    "",
    "Try:",
    "  TOKEN=$(npm run --silent local:token -- alice)",
    `  curl -s -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
    `       -d '{"title":"hello"}' ${services["task-api"]!.url}/api/alice/tasks`,
  ];
});
