/** Every stack of every committed environment, synthesized in memory (Aspects included). */
import { Testing } from "cdktf";
import { environments } from "../../environments/index.js";
import { createEnvironmentStacks } from "../../stacks/environment-stacks.js";
import { synthJson, type Json } from "./synth-helpers.js";

export function synthesizeAllEnvironments(): Map<string, Json> {
  const app = Testing.app();
  const stacks = environments.flatMap((env) =>
    Object.values(createEnvironmentStacks(app, env)).filter((s) => s !== undefined),
  );
  return new Map(stacks.map((stack) => [stack.node.id, synthJson(stack)]));
}
