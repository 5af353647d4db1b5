/**
 * The node's image registry: distribution (the CNCF registry) on loopback, its storage in the
 * node's folder, and the images the node needs from the start (pause) pushed with crane.
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { KUBERNETES_VERSION } from "../kubernetes/kubernetes-build.js";
import { httpOk } from "../process/http-ok.js";
import { freePort } from "../process/ports.js";
import type { Supervisor } from "../process/supervisor.js";
import type { NodeInstall } from "./node-build.js";

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
 * The pause image: the pause binary alone on an empty base, for linux/amd64. Returns its
 * reference in the registry.
 */
export async function pushPauseImage(
  install: NodeInstall,
  registry: RunningRegistry,
  root: string,
): Promise<string> {
  const ref = `${registry.host}/pause:${KUBERNETES_VERSION}`;
  const layer = join(root, "pause-layer.tar");
  await exec("tar", [
    ...["--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner"],
    ...["-cf", layer, "-C", join(install.pause, ".."), "pause"],
  ]);
  await exec(install.crane, ["append", "--insecure", "--oci-empty-base", "-f", layer, "-t", ref]);
  await exec(install.crane, [
    ...["mutate", "--insecure", "--set-platform", "linux/amd64"],
    ...["--entrypoint", "/pause", "--user", "65535:65535", ref],
  ]);
  return ref;
}
