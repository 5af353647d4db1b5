/**
 * The node's image registry: distribution (the CNCF registry) on loopback, its storage in the
 * node's folder, and the images the node needs from the start (pause) pushed with crane.
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { KUBERNETES_VERSION } from "../kubernetes/kubernetes-build.js";
import { httpOk } from "../process/http-ok.js";
import { freePort } from "../process/ports.js";
import type { Supervisor } from "../process/supervisor.js";
import type { NodeInstall } from "./node-build.js";
import { deterministicTar } from "./oci-layer.js";

const exec = promisify(execFile);

export interface RunningRegistry {
  /** `127.0.0.1:<port>`, the prefix of the images it serves. */
  readonly host: string;
  stop(): Promise<void>;
}

export async function startRegistry(
  supervisor: Supervisor,
  install: NodeInstall,
  options: { root: string; logDir: string; timeoutMs: number },
): Promise<RunningRegistry> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(options.root, "registry.yaml");
  writeFileSync(
    config,
    `version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: ${join(options.root, "registry")} }
  delete: { enabled: true }
http:
  addr: ${host}
`,
  );
  const proc = await supervisor.start("registry", install.registry, ["serve", config], {
    logFile: join(options.logDir, "registry.log"),
    health: () => httpOk(`http://${host}/v2/`),
    timeoutMs: options.timeoutMs,
  });
  // containerd talks to it in plain HTTP, as to any registry on loopback.
  const hosts = join(options.root, "certs.d", host);
  mkdirSync(hosts, { recursive: true });
  writeFileSync(
    join(hosts, "hosts.toml"),
    `server = "http://${host}"\n\n[host."http://${host}"]\n  capabilities = ["pull", "resolve"]\n`,
  );
  return { host, stop: () => proc.stop() };
}

/**
 * An image of one static binary (and nothing else) as its entrypoint, for linux/amd64, pushed
 * to `registry`. Returns its reference.
 */
export async function pushBinaryImage(
  install: NodeInstall,
  registry: RunningRegistry,
  image: { binary: string; repository: string; tag: string; user?: string; workDir: string },
): Promise<string> {
  const ref = `${registry.host}/${image.repository}:${image.tag}`;
  const layer = join(image.workDir, `${image.repository}-layer.tar`);
  const name = basename(image.binary);
  await deterministicTar(dirname(image.binary), layer, { entries: [name] });
  await exec(install.crane, ["append", "--insecure", "--oci-empty-base", "-f", layer, "-t", ref]);
  await exec(install.crane, [
    ...["mutate", "--insecure", "--set-platform", "linux/amd64", "--entrypoint", `/${name}`],
    ...(image.user ? ["--user", image.user] : []),
    ref,
  ]);
  return ref;
}

/** The pause image: the pause binary alone, as its upstream image is. */
export function pushPauseImage(
  install: NodeInstall,
  registry: RunningRegistry,
  workDir: string,
): Promise<string> {
  return pushBinaryImage(install, registry, {
    binary: install.pause,
    repository: "pause",
    tag: KUBERNETES_VERSION,
    user: "65535:65535",
    workDir,
  });
}
