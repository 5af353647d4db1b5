/**
 * The stacks of one environment in dependency order, read from the synthesized
 * `manifest.json` (cdktf writes each stack's `dependencies` there), not from their names.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ManifestStack {
  readonly name: string;
  /** Folder Terraform runs in, relative to the synthesized output folder. */
  readonly workingDirectory: string;
  readonly dependencies: readonly string[];
}

interface Manifest {
  readonly stacks: Record<string, ManifestStack>;
}

/** Stacks of environment `environment` (named `todo-<environment>-*`), dependencies first. */
export function environmentStacks(outDir: string, environment: string): ManifestStack[] {
  const file = join(outDir, "manifest.json");
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  } catch (error) {
    throw new Error(
      `cannot read ${file} (${(error as Error).message}): run \`npx cdktf synth\` first`,
      { cause: error },
    );
  }
  const all = Object.values(manifest.stacks);
  const mine = all.filter((s) => s.name.startsWith(`todo-${environment}-`));
  if (mine.length === 0)
    throw new Error(
      `no stack of environment ${JSON.stringify(environment)} in ${file} (stacks: ${all.map((s) => s.name).join(", ")})`,
    );
  return dependencyOrder(mine);
}

/** Orders stacks so every stack comes after the stacks it depends on; refuses a cycle. */
export function dependencyOrder(stacks: readonly ManifestStack[]): ManifestStack[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const ordered: ManifestStack[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (stack: ManifestStack, path: string[]) => {
    if (state.get(stack.name) === "done") return;
    if (state.get(stack.name) === "visiting")
      throw new Error(`stack dependency cycle: ${[...path, stack.name].join(" → ")}`);
    state.set(stack.name, "visiting");
    for (const dep of stack.dependencies) {
      const target = byName.get(dep);
      if (target) visit(target, [...path, stack.name]);
    }
    state.set(stack.name, "done");
    ordered.push(stack);
  };
  for (const stack of stacks) visit(stack, []);
  return ordered;
}
