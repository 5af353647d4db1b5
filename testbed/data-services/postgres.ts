/**
 * PostgreSQL for tests and `npm run local`: the Debian server binaries, a throw-away
 * cluster per start (initdb into a temp dir) or a kept one in a given folder, a free
 * loopback port and a random password.
 * Postgres refuses to run as root, so as root both initdb and the server run as the
 * `postgres` OS user the Debian package creates.
 */
import { randomBytes } from "node:crypto";
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { BootstrapError, progress, runStep } from "../bootstrap/build-step.js";
import { freePort, onFreePorts } from "../process/ports.js";
import type { Supervisor } from "../process/supervisor.js";
import { oncePerProcess } from "../bootstrap/once.js";
import {
  logFileOf,
  type RunningDataService,
  type StartDataServiceOptions,
} from "./data-service.js";

const COMPONENT = "postgres";
const DEBIAN_ROOT = "/usr/lib/postgresql";
const INSTALL_HINT = "apt-get update && apt-get install -y postgresql";

/** The PostgreSQL server binaries found on this machine. */
export interface PostgresInstall {
  /** e.g. "15.14" */
  readonly version: string;
  /** Folder holding `initdb` and `postgres`. */
  readonly binDir: string;
}

/**
 * Finds the newest Debian PostgreSQL (`/usr/lib/postgresql/<major>/bin`), or the folder in
 * `TODO_POSTGRES_BIN`. Nothing is built: the Debian package is the cache.
 */
export const ensurePostgres: () => Promise<PostgresInstall> = oncePerProcess(findPostgres);

async function findPostgres(): Promise<PostgresInstall> {
  const binDir = process.env.TODO_POSTGRES_BIN ?? newestDebianBinDir();
  if (!binDir || !existsSync(join(binDir, "initdb")) || !existsSync(join(binDir, "postgres"))) {
    throw new BootstrapError(
      COMPONENT,
      `no PostgreSQL server binaries (initdb, postgres) under ${binDir ?? DEBIAN_ROOT}; install them with: ${INSTALL_HINT}`,
    );
  }
  if (process.getuid?.() === 0) osUser();
  const output = await runStep(COMPONENT, join(binDir, "postgres"), ["--version"]);
  const version = /(\d+(?:\.\d+)*)/.exec(output)?.[1] ?? "unknown";
  progress(COMPONENT, `${version} (${binDir})`);
  return { version, binDir };
}

/** Options for {@link startPostgres} (timeout 60 s for `select 1` by default; a kept folder holds the cluster and its password). */
export type StartPostgresOptions = StartDataServiceOptions;

/** A running throw-away PostgreSQL cluster. */
export interface RunningPostgres extends RunningDataService {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/**
 * Creates a cluster in a temp dir (durability off: it is thrown away) and starts it on a
 * free 127.0.0.1 port. TCP logins need the random password (scram-sha-256); the unix
 * socket lives in the temp dir, not in /run/postgresql, so no system instance is touched.
 */
export const startPostgres = onFreePorts(startPostgresOnce);

async function startPostgresOnce(
  supervisor: Supervisor,
  options: StartPostgresOptions = {},
): Promise<RunningPostgres> {
  const install = await ensurePostgres();
  const { name, logFile } = logFileOf(options, "postgres");
  const kept = options.dataDir !== undefined;
  const root = options.dataDir ?? mkdtempSync(join(tmpdir(), "todo-postgres-"));
  mkdirSync(root, { recursive: true });
  const dataDir = join(root, "data");
  const user = "postgres";
  const passwordFile = join(root, "password");
  const initialized = existsSync(join(dataDir, "PG_VERSION"));
  if (initialized && !existsSync(passwordFile))
    throw new BootstrapError(
      COMPONENT,
      `${dataDir} holds a cluster but its password file ${passwordFile} is gone; move the folder away to start a new cluster`,
    );
  const password = initialized
    ? readFileSync(passwordFile, "utf8").trim()
    : randomBytes(18).toString("base64url");
  if (!initialized) writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });

  const asServerUser = serverUserPrefix();
  if (asServerUser.length > 0) {
    const { uid, gid } = osUser();
    chownSync(root, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  const run = (binary: string, args: string[]) =>
    asServerUser.length > 0
      ? ([
          asServerUser[0]!,
          [...asServerUser.slice(1), join(install.binDir, binary), ...args],
        ] as const)
      : ([join(install.binDir, binary), args] as const);

  const [initdbCommand, initdbArgs] = run("initdb", [
    "--pgdata",
    dataDir,
    "--username",
    user,
    `--pwfile=${passwordFile}`,
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
    "--encoding=UTF8",
    "--locale=C.UTF-8",
    "--no-sync",
  ]);
  if (kept && asServerUser.length > 0) {
    // As root the server runs as `postgres`, which must reach the kept folder.
    await runStep(COMPONENT, asServerUser[0]!, [
      ...asServerUser.slice(1),
      "test",
      "-w",
      root,
    ]).catch(() => {
      throw new BootstrapError(
        COMPONENT,
        `the postgres OS user cannot write ${root} (a folder above it is private); pass a data folder it can reach (npm run local -- --data-dir <path>)`,
      );
    });
  }
  if (!initialized) {
    await runStep(COMPONENT, initdbCommand, [...initdbArgs], { env: { HOME: root } });
  }

  const port = await freePort();
  const [command, args] = run("postgres", [
    "-D",
    dataDir,
    "-p",
    String(port),
    "-k",
    root,
    "-c",
    "listen_addresses=127.0.0.1",
    // Throw-away data: no fsync (a machine crash may corrupt it; a killed server loses
    // nothing, the OS still has every write). Kept data: crash-safe. Commits always wait for
    // their WAL write: with synchronous_commit=off a kill -9 loses commits already answered.
    "-c",
    `fsync=${kept ? "on" : "off"}`,
    "-c",
    "synchronous_commit=on",
    "-c",
    `full_page_writes=${kept ? "on" : "off"}`,
    // Five services, their sidecars' state stores and the tests share one server.
    "-c",
    "max_connections=300",
    "-c",
    "log_min_messages=warning",
  ]);
  const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const proc = await supervisor.start(name, command, [...args], {
    logFile,
    env: { HOME: root },
    health: () => selectOne(url),
    timeoutMs: options.timeoutMs ?? 60_000,
    stopSignal: "SIGINT",
    // As root the setpriv above already sets it; without root the supervisor's applies.
    dieWithParent: asServerUser.length === 0,
    removeOnStop: kept ? [] : [root],
  });
  return {
    url,
    host: "127.0.0.1",
    port,
    user,
    password,
    database: "postgres",
    logFile,
    process: proc,
    stop: () => proc.stop(),
  };
}

/** True when `select 1` succeeds on `url`. */
export async function selectOne(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const result = await client.query<{ ok: number }>("select 1 as ok");
    return result.rows[0]?.ok === 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function newestDebianBinDir(): string | undefined {
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const majors = readdirSync(DEBIAN_ROOT)
    .filter(
      (entry) => /^\d+$/.test(entry) && existsSync(join(DEBIAN_ROOT, entry, "bin", "postgres")),
    )
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(DEBIAN_ROOT, majors[0], "bin");
}

/**
 * As root, run through `setpriv` as the postgres user (exec, no extra process); else
 * directly. Changing the uid clears a parent-death signal set before it, so this same
 * setpriv sets it (the supervisor's own prefix would be lost).
 */
function serverUserPrefix(): string[] {
  if (process.getuid?.() !== 0) return [];
  return [
    "setpriv",
    "--reuid=postgres",
    "--regid=postgres",
    "--init-groups",
    "--pdeathsig=SIGKILL",
    "--",
  ];
}

/** The `postgres` OS user's ids, from /etc/passwd. */
function osUser(): { uid: number; gid: number } {
  const line = readPasswd().find((entry) => entry.startsWith("postgres:"));
  const fields = line?.split(":");
  if (!fields || fields.length < 4) {
    throw new BootstrapError(
      COMPONENT,
      `running as root needs the 'postgres' OS user (created by the Debian package): ${INSTALL_HINT}`,
    );
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

function readPasswd(): string[] {
  try {
    return readFileSync("/etc/passwd", "utf8").split("\n");
  } catch {
    return [];
  }
}
