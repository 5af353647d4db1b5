/**
 * `npm run images [-- --registry <host/prefix>] [--tag <tag>]`: builds every service image
 * (service-image.ts) with the testbed's crane.
 * - With `--registry`, pushes there (`crane auth login` first for a remote registry).
 * - Without, pushes to a throw-away registry on loopback and writes each image as a tarball,
 *   `dist/images/<service>.tar`, for `kind load image-archive` or `minikube image load`.
 * Prints the references and digests, and writes them to `dist/images/images.json`.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { ensureNode } from "../../testbed/node/node-build.js";
import { startRegistry } from "../../testbed/node/registry.js";
import { Supervisor } from "../../testbed/process/supervisor.js";
import { buildImages, type BuiltImages } from "./build-images.js";

const exec = promisify(execFile);
const { values } = parseArgs({
  options: { registry: { type: "string" }, tag: { type: "string" }, out: { type: "string" } },
});
const root = join(import.meta.dirname, "..", "..");
const tag =
  values.tag ??
  (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const outDir = values.out ?? join(root, "dist", "images");
const install = await ensureNode({ build: false });
mkdirSync(outDir, { recursive: true });
const workDir = join(outDir, ".work");

let built: BuiltImages;
if (values.registry) {
  built = await buildImages({ registry: values.registry, tag, crane: install.crane, workDir });
} else {
  const supervisor = new Supervisor();
  const scratch = mkdtempSync(join(tmpdir(), "todo-images-"));
  try {
    const registry = await startRegistry(supervisor, install, {
      root: scratch,
      logDir: scratch,
      timeoutMs: 30_000,
    });
    built = await buildImages({ registry: registry.host, tag, crane: install.crane, workDir });
    for (const [service, image] of Object.entries(built.services))
      await exec(install.crane, ["pull", "--insecure", image.ref, join(outDir, `${service}.tar`)]);
  } finally {
    await supervisor.stopAll();
    rmSync(scratch, { recursive: true, force: true });
  }
}
rmSync(workDir, { recursive: true, force: true });
writeFileSync(join(outDir, "images.json"), `${JSON.stringify(built, null, 2)}\n`);
for (const [service, image] of Object.entries(built.services))
  process.stdout.write(`${service.padEnd(13)} ${image.ref}@${image.digest}\n`);
