/**
 * `npm run diagram`: one SVG per environment, from its synthesized stacks, into docs/diagrams/
 * (`<env>.svg`), and the event flow of dev (`event-flow.svg`). No browser: ELK lays out, the
 * SVG is written directly.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { environmentDiagrams } from "./environment-diagrams.js";

const outDir = fileURLToPath(new URL("../../docs/diagrams", import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const { file, svg } of await environmentDiagrams()) {
  writeFileSync(join(outDir, file), svg);
  process.stdout.write(`wrote docs/diagrams/${file}\n`);
}
