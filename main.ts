/** Builds the App: one set of stacks per environment (see stacks/environment-stacks.ts). */

// tsx turns source maps on. With them on, Node indexes the inline source map of every module it
// loads (the provider bindings are megabytes), and cdktf, which captures a stack trace for every
// token, resolves those maps each time: most of the synth time. Turn them off before loading.
process.setSourceMapsEnabled(false);

const { App } = await import("cdktf");
const { environments } = await import("./environments/index.js");
const { createEnvironmentStacks } = await import("./stacks/environment-stacks.js");

const app = new App({ stackTraces: false });
for (const env of environments) createEnvironmentStacks(app, env);
app.synth();

export {}; // an ES module: top-level await above
