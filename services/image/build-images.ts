/**
 * Builds the service images that service-image.ts describes, with crane (go-containerregistry)
 * and no Docker engine: the runtime image (C runtime + Node) once, then each service's bundle
 * on top of it. Every layer is a tar of sorted entries with fixed times and owners, so two
 * builds of one commit (and one set of Debian packages) give the same digests.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { deterministicTar } from "../../testbed/node/oci-layer.js";
import { bundleServices } from "../build.js";
import { serviceDefinitions } from "../service-definitions.js";
import {
  APP_DIR,
  imageConfig,
  NODE_PATH,
  NODE_RUNTIME,
  RUNTIME_FILES,
  RUNTIME_IMAGE,
  RUNTIME_PACKAGE_EXCLUDES,
  RUNTIME_PACKAGES,
} from "./service-image.js";

const exec = promisify(execFile);
const run = (command: string, args: string[], cwd?: string) =>
  exec(command, args, { maxBuffer: 64 * 1024 * 1024, ...(cwd ? { cwd } : {}) }).then(
    (r) => r.stdout,
    (err: Error & { stderr?: string }) => {
      throw new Error(`${command} ${args.join(" ")} failed: ${err.stderr?.trim() || err.message}`);
    },
  );

export interface BuildImagesOptions {
  /** Where the images go, e.g. `127.0.0.1:5000` or `ghcr.io/todo-platform`. */
  readonly registry: string;
  /** The services' tag. */
  readonly tag: string;
  /** The crane binary. */
  readonly crane: string;
  /** A folder for the layers (emptied first). */
  readonly workDir: string;
}

export interface BuiltImages {
  /** The runtime image and what it holds. */
  readonly runtime: {
    readonly ref: string;
    readonly digest: string;
    readonly node: string;
    readonly packages: Readonly<Record<string, string>>;
  };
  /** Service name → its reference and digest. */
  readonly services: Readonly<Record<string, { readonly ref: string; readonly digest: string }>>;
}

export async function buildImages(options: BuildImagesOptions): Promise<BuiltImages> {
  const { registry, crane, workDir } = options;
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const insecure = /^(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(registry) ? ["--insecure"] : [];
  const craneRun = (args: string[]) => run(crane, [...args, ...insecure]);

  const packages = await runtimeLayer(join(workDir, "runtime"), join(workDir, "runtime.tar"));
  await nodeLayer(join(workDir, "node"), join(workDir, "node.tar"));
  const runtimeRef = `${registry}/${RUNTIME_IMAGE}:${NODE_RUNTIME.version}`;
  await craneRun([
    "append",
    "--oci-empty-base",
    "-f",
    join(workDir, "runtime.tar"),
    "-f",
    join(workDir, "node.tar"),
    "-t",
    runtimeRef,
  ]);
  await craneRun([
    "mutate",
    "--set-platform",
    "linux/amd64",
    "--entrypoint",
    NODE_PATH,
    runtimeRef,
  ]);
  const runtimeDigest = (await craneRun(["digest", runtimeRef])).trim();

  const bundles = join(workDir, "bundles");
  await bundleServices(bundles);
  const services: Record<string, { ref: string; digest: string }> = {};
  for (const definition of serviceDefinitions) {
    const layer = join(workDir, `${definition.name}.tar`);
    await deterministicTar(join(bundles, definition.name), layer, {
      prefix: APP_DIR.slice(1),
      ownerWritesOnly: true,
    });
    const ref = `${registry}/${definition.name}:${options.tag}`;
    await craneRun([
      "append",
      "-b",
      `${registry}/${RUNTIME_IMAGE}@${runtimeDigest}`,
      "-f",
      layer,
      "-t",
      ref,
    ]);
    const config = imageConfig(definition);
    await craneRun([
      "mutate",
      "--entrypoint",
      config.entrypoint.join(","),
      "--workdir",
      config.workdir,
      "--user",
      config.user,
      ...Object.entries(config.env).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
      ...config.exposedPorts.flatMap((p) => ["--exposed-ports", p]),
      ...Object.entries(config.labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
      ref,
    ]);
    services[definition.name] = { ref, digest: (await craneRun(["digest", ref])).trim() };
  }
  return {
    runtime: { ref: runtimeRef, digest: runtimeDigest, node: NODE_RUNTIME.version, packages },
    services,
  };
}

/**
 * The C runtime from Debian's packages (`apt-get download`, unpacked with `dpkg-deb`), with the
 * users and a sticky /tmp. Returns each package's version.
 */
async function runtimeLayer(stage: string, tarFile: string): Promise<Record<string, string>> {
  const debs = join(stage, "..", "debs");
  mkdirSync(debs, { recursive: true });
  mkdirSync(stage, { recursive: true });
  // Package lists older than the archive name versions it no longer serves: refresh once.
  await run("apt-get", ["download", ...RUNTIME_PACKAGES], debs).catch(async () => {
    await run("apt-get", ["update", "-qq"]);
    await run("apt-get", ["download", ...RUNTIME_PACKAGES], debs);
  });
  const versions: Record<string, string> = {};
  for (const deb of readdirSync(debs).sort()) {
    await run("dpkg-deb", ["-x", join(debs, deb), stage]);
    const [name, version] = (await run("dpkg-deb", ["-f", join(debs, deb), "Package", "Version"]))
      .trim()
      .split("\n")
      .map((line) => line.split(": ")[1]!);
    versions[name!] = version!;
  }
  for (const path of RUNTIME_PACKAGE_EXCLUDES)
    rmSync(join(stage, path), { recursive: true, force: true });
  for (const [path, content] of Object.entries(RUNTIME_FILES)) {
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    writeFileSync(join(stage, path), content);
  }
  mkdirSync(join(stage, "tmp"), { recursive: true });
  chmodSync(join(stage, "tmp"), 0o1777);
  await deterministicTar(stage, tarFile);
  return versions;
}

/** The Node binary from the npm registry's official package. */
async function nodeLayer(stage: string, tarFile: string): Promise<void> {
  const pack = join(stage, "..", "node-pack");
  mkdirSync(pack, { recursive: true });
  const tarball = (
    await run("npm", ["pack", `${NODE_RUNTIME.package}@${NODE_RUNTIME.version}`, "--silent"], pack)
  ).trim();
  await run("tar", ["-xzf", join(pack, tarball), "-C", pack, "package/bin/node"]);
  mkdirSync(join(stage, dirname(NODE_PATH)), { recursive: true });
  await run("mv", [join(pack, "package", "bin", "node"), join(stage, NODE_PATH)]);
  await deterministicTar(stage, tarFile);
}
