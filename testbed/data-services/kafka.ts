/**
 * Apache Kafka for tests and `npm run local`: the broker jars from Maven Central (resolved
 * with Maven, no tarball download), run with the JDK as one KRaft node that is both broker
 * and controller, on free loopback ports with a throw-away (or a given, kept) data directory.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { cacheDir, isStamped, stamp } from "../bootstrap/cache.js";
import { BootstrapError, progress, runStep } from "../bootstrap/build-step.js";
import { withBuildLock } from "../bootstrap/build-lock.js";
import { freePorts, onFreePorts } from "../process/ports.js";
import type { Supervisor } from "../process/supervisor.js";
import { oncePerProcess } from "../bootstrap/once.js";
import {
  logFileOf,
  type RunningDataService,
  type StartDataServiceOptions,
} from "./data-service.js";

/** The Kafka release Strimzi 1.2.0 runs by default (its kafka-versions.yaml), so tests match the clusters. */
export const KAFKA_VERSION = "4.3.1";
const SCALA_VERSION = "2.13";
/** Kafka 4.x logs through SLF4J 2 to Log4j 2, as in the Apache binary distribution. */
const SLF4J_VERSION = "2.0.17";
const LOG4J_VERSION = "2.25.4";

const COMPONENT = "kafka";
const FINGERPRINT = `kafka_${SCALA_VERSION}-${KAFKA_VERSION} slf4j-${SLF4J_VERSION} log4j-${LOG4J_VERSION}`;

/** A Kafka installation in the cache. */
export interface KafkaInstall {
  readonly version: string;
  /** Folder holding `libs/` (the runtime classpath) and `config/log4j2.properties`. */
  readonly home: string;
  /** Java classpath wildcard for `libs/`. */
  readonly classpath: string;
  readonly log4jConfig: string;
}

/**
 * Resolves the broker's runtime jars into the cache with `mvn dependency:copy-dependencies`.
 * Idempotent: a stamped cache returns at once.
 */
export const ensureKafka: () => Promise<KafkaInstall> = oncePerProcess(resolveKafka);

async function resolveKafka(): Promise<KafkaInstall> {
  const home = cacheDir(`kafka-${KAFKA_VERSION}`);
  const install: KafkaInstall = {
    version: KAFKA_VERSION,
    home,
    classpath: join(home, "libs", "*"),
    log4jConfig: join(home, "config", "log4j2.properties"),
  };
  if (isStamped(home, FINGERPRINT)) {
    progress(COMPONENT, `${KAFKA_VERSION} cached`);
    return install;
  }
  return withBuildLock(COMPONENT, home, async () => {
    if (!isStamped(home, FINGERPRINT)) await fetchJars(home, install);
    return install;
  });
}

/** Writes the pom, copies the runtime jars to `libs/`, writes the log config, stamps. */
async function fetchJars(home: string, install: KafkaInstall): Promise<void> {
  await requireTool("java", ["-version"], "apt-get install -y openjdk-17-jre-headless");
  await requireTool("mvn", ["-v"], "apt-get install -y maven");

  const started = Date.now();
  progress(
    COMPONENT,
    `resolving kafka_${SCALA_VERSION}:${KAFKA_VERSION} jars from Maven Central ...`,
  );
  writeFileSync(join(home, "pom.xml"), runtimePom());
  rmSync(join(home, "libs"), { recursive: true, force: true });
  await runStep(
    COMPONENT,
    "mvn",
    [
      "-q",
      "-B",
      "dependency:copy-dependencies",
      "-DincludeScope=runtime",
      "-DoutputDirectory=libs",
    ],
    { cwd: home },
  ).catch((err: unknown) => {
    throw new BootstrapError(
      COMPONENT,
      `Maven could not fetch the Kafka jars (is Maven Central reachable?): ${(err as Error).message}`,
    );
  });
  mkdirSync(join(home, "config"), { recursive: true });
  writeFileSync(install.log4jConfig, LOG4J_CONFIG);
  const jars = readdirSync(join(home, "libs")).length;
  stamp(home, FINGERPRINT);
  progress(
    COMPONENT,
    `${KAFKA_VERSION} ready (${jars} jars, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

/** Options for {@link startKafka} (timeout 120 s by default). */
export interface StartKafkaOptions extends StartDataServiceOptions {
  /** JVM maximum heap. @default 512 - small on purpose: CI has 2 cores and runs everything at once */
  readonly heapMiB?: number;
  /** Client port; a test that restarts "the same" broker passes the old one. @default - a free port */
  readonly port?: number;
}

/** A running single-node broker. */
export interface RunningKafka extends RunningDataService {
  /** `127.0.0.1:<port>`, for kafkajs `brokers` and Dapr's `brokers` metadata. */
  readonly bootstrapServers: string;
  readonly port: number;
}

/**
 * Starts a combined broker+controller KRaft node with auto topic creation on, after
 * formatting its data dir (a throw-away one unless `dataDir` is given) with a random cluster id. Healthy once a kafkajs admin
 * client can describe the cluster.
 */
export const startKafka = onFreePorts(startKafkaOnce);

async function startKafkaOnce(
  supervisor: Supervisor,
  options: StartKafkaOptions = {},
): Promise<RunningKafka> {
  const install = await ensureKafka();
  const { name, logFile } = logFileOf(options, "kafka");
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "todo-kafka-"));
  mkdirSync(dataDir, { recursive: true });
  const formatted = existsSync(join(dataDir, "data", "meta.properties"));
  const [freeClientPort, controllerPort] = await freePorts(2);
  const port = options.port ?? freeClientPort;
  const propertiesFile = join(dataDir, "server.properties");
  writeFileSync(propertiesFile, serverProperties(port!, controllerPort!, join(dataDir, "data")));

  const jvm = [
    `-Xmx${options.heapMiB ?? 512}m`,
    "-Xms128m",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${install.log4jConfig}`,
    `-Dkafka.logs.dir=${join(dataDir, "app-logs")}`,
    "-cp",
    install.classpath,
  ];
  // A Kafka cluster id is 16 random bytes, base64url without padding.
  const clusterId = randomBytes(16).toString("base64url");
  if (!formatted)
    await runStep(COMPONENT, "java", [
      ...jvm,
      "kafka.tools.StorageTool",
      "format",
      // One argument: a random id may start with "-" and would be read as an option.
      `--cluster-id=${clusterId}`,
      "--config",
      propertiesFile,
    ]);

  const bootstrapServers = `127.0.0.1:${port}`;
  const proc = await supervisor.start(name, "java", [...jvm, "kafka.Kafka", propertiesFile], {
    logFile,
    health: () => brokerAnswers(bootstrapServers),
    timeoutMs: options.timeoutMs ?? 120_000,
    pollIntervalMs: 500,
    graceMs: 15_000,
    removeOnStop: options.dataDir ? [] : [dataDir],
  });
  return { bootstrapServers, port: port!, logFile, process: proc, stop: () => proc.stop() };
}

/** True when a broker at `bootstrapServers` answers a describe-cluster request. */
export async function brokerAnswers(bootstrapServers: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: "todo-infra-health",
    brokers: [bootstrapServers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Single node, replication factor 1 everywhere, topics created on first use. */
function serverProperties(port: number, controllerPort: number, logDirs: string): string {
  return [
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=PLAINTEXT",
    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    `log.dirs=${logDirs}`,
    "auto.create.topics.enable=true",
    "num.partitions=3",
    "default.replication.factor=1",
    "offsets.topic.replication.factor=1",
    "offsets.topic.num.partitions=3",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1",
    // Tests start consumers right away: no 3 s wait for more group members.
    "group.initial.rebalance.delay.ms=0",
    "log.flush.interval.messages=1000000",
    "",
  ].join("\n");
}

function runtimePom(): string {
  const dependency = (group: string, artifact: string, version: string) =>
    `    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by todo-platform testbed/data-services/kafka.ts: the Kafka broker's runtime classpath. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.todo-platform</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${KAFKA_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependency("org.apache.kafka", `kafka_${SCALA_VERSION}`, KAFKA_VERSION)}
${dependency("org.slf4j", "slf4j-api", SLF4J_VERSION)}
${dependency("org.apache.logging.log4j", "log4j-slf4j2-impl", LOG4J_VERSION)}
  </dependencies>
</project>
`;
}

const LOG4J_CONFIG = `# Generated by todo-platform: broker logs to stdout, which the supervisor writes to a file.
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.state.name = state.change.logger
logger.state.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
`;

/** Fails with the install command when a build tool is missing. */
async function requireTool(command: string, args: string[], install: string): Promise<void> {
  await runStep(COMPONENT, command, args).catch(() => {
    throw new BootstrapError(COMPONENT, `'${command}' is required; install it with: ${install}`);
  });
}
