/**
 * A cdktf app (for `cdktf synth --app`) of the `local` environment with a change merged in from
 * the TODO_LOCAL_CHANGE environment variable (JSON, merged deeply into environments/local.ts),
 * so a test can plan exactly one environment change against a deployed cluster.
 */
process.setSourceMapsEnabled(false);

const { App } = await import("cdktf");
const { defineEnvironment } = await import("../../environments/define-environment.js");
const { localInput } = await import("../../environments/local.js");
const { createEnvironmentStacks } = await import("../../stacks/environment-stacks.js");

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
function merge(base: Json, change: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(change))
    out[key] = isObject(value) && isObject(base[key]) ? merge(base[key], value) : value;
  return out;
}

const change = JSON.parse(process.env.TODO_LOCAL_CHANGE ?? "{}") as Json;
const app = new App({ stackTraces: false });
createEnvironmentStacks(app, defineEnvironment(merge(localInput, change) as typeof localInput));
app.synth();

export {};
