/**
 * The CRDs of the operators the `local` environment treats as preinstalled (Strimzi,
 * CloudNativePG), applied the way a platform team would before any deploy. They are read from
 * upstream files (the testbed's upstream data by default), never from a copy.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { RunningCluster } from "../kubernetes/kubernetes-cluster.js";
import {
  CLOUDNATIVE_PG_CRDS_ARTIFACT,
  STRIMZI_CRDS_ARTIFACT,
} from "../upstream/upstream-artifacts.js";
import { upstreamDir } from "../upstream/upstream-data.js";

/** The Strimzi 1.2.0 and CloudNativePG 1.30.0 CRD folders of the upstream data (fetched when missing). */
export function operatorCrdFolders(): Promise<string[]> {
  return Promise.all([STRIMZI_CRDS_ARTIFACT, CLOUDNATIVE_PG_CRDS_ARTIFACT].map(upstreamDir));
}

/** Every CustomResourceDefinition document in the given files or folders (YAML). */
export function readCrds(paths: readonly string[]): string[] {
  const documents: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new Error(`CRD source ${path} does not exist`);
    const files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => /\.ya?ml$/.test(f))
          .map((f) => join(path, f))
      : [path];
    for (const file of files)
      for (const doc of parseAllDocuments(readFileSync(file, "utf8")))
        if ((doc.toJSON() as { kind?: string } | null)?.kind === "CustomResourceDefinition")
          documents.push(doc.toString());
  }
  return documents;
}

/** Applies the CRDs server-side (they exceed the client-side annotation limit) and waits for them. */
export async function installCrds(
  cluster: RunningCluster,
  paths: readonly string[],
): Promise<number> {
  const documents = readCrds(paths);
  await cluster.kubectl(["apply", "--server-side", "-f", "-"], documents.join("---\n"));
  await cluster.kubectl(["wait", "--for=condition=Established", "crd", "--all", "--timeout=60s"]);
  return documents.length;
}
