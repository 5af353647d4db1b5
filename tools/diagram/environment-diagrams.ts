import { Testing } from "cdktf";
import { environments } from "../../environments/index.js";
import { createEnvironmentStacks } from "../../stacks/environment-stacks.js";
import { layoutSystem, type Layout } from "./layout.js";
import { renderSvg } from "./render-svg.js";
import { eventFlow, systemModel } from "./system-model.js";

/** One diagram: its file name, layout (for checks) and SVG. */
export interface Diagram {
  readonly file: string;
  readonly layout: Layout;
  readonly svg: string;
}

/** The diagram of every environment, plus dev's event flow. */
export async function environmentDiagrams(): Promise<Diagram[]> {
  const diagrams: Diagram[] = [];
  for (const env of environments) {
    const app = Testing.app();
    const stacks = Object.values(createEnvironmentStacks(app, env))
      .filter((s) => s !== undefined)
      .map((s) => JSON.parse(Testing.synth(s)));
    const model = systemModel(stacks);
    const layout = await layoutSystem(model);
    diagrams.push({
      file: `${env.name}.svg`,
      layout,
      svg: renderSvg(layout, `Todo platform: ${env.name}`),
    });
    if (env.name === "dev") {
      const flow = await layoutSystem(eventFlow(model));
      diagrams.push({
        file: "event-flow.svg",
        layout: flow,
        svg: renderSvg(flow, "Todo event flow"),
      });
    }
  }
  return diagrams;
}
