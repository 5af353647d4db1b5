/** Every stack of every committed environment, synthesized in memory (Aspects included). */
import { Testing } from "cdktf";
import { environments } from "../../environments";
import { createEnvironmentStacks } from "../../stacks/environment-stacks";
import { synthJson, type Json } from "./synth-helpers";

export function synthesizeAllEnvironments(): Map<string, Json> {
  const app = Testing.app();
  const stacks = environments.flatMap((env) =>
    Object.values(createEnvironmentStacks(app, env)).filter((s) => s !== undefined),
  );
  return new Map(stacks.map((stack) => [stack.node.id, synthJson(stack)]));
}
