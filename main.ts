/** Builds the App: one set of stacks per environment (see stacks/environment-stacks.ts). */
import { App } from "cdktf";
import { environments } from "./environments";
import { createEnvironmentStacks } from "./stacks/environment-stacks";

const app = new App();
for (const env of environments) createEnvironmentStacks(app, env);
app.synth();
