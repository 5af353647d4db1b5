import { existsSync, readFileSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import { beforeAll, describe, expect, it } from "vitest";
import { serviceDefinitions } from "../../services/service-definitions.js";
import { environmentDiagrams, type Diagram } from "./environment-diagrams.js";
import { FONT, overlappingLabels, type Box } from "./layout.js";

/** The font the layout's glyph widths assume (Debian fonts-dejavu-core, see scripts/setup). */
const FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

function renderPng(svg: string) {
  if (!existsSync(FONT_FILE))
    throw new Error(`${FONT_FILE} is missing: install the Debian package fonts-dejavu-core`);
  return new Resvg(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans Mono" },
  }).render();
}

describe("npm run diagram", () => {
  let diagrams: Diagram[];
  beforeAll(async () => {
    diagrams = await environmentDiagrams();
  }, 120_000);

  it("draws one diagram per environment and the event flow, as committed in docs/diagrams", () => {
    expect(diagrams.map((d) => d.file)).toEqual([
      "dev.svg",
      "event-flow.svg",
      "staging.svg",
      "prod.svg",
      "local.svg",
      "ha.svg",
    ]);
    for (const d of diagrams)
      expect(
        readFileSync(new URL(`../../docs/diagrams/${d.file}`, import.meta.url), "utf8"),
        `${d.file} is stale: run npm run diagram`,
      ).toBe(d.svg);
  });

  it("shows every service, Dapr component, topic with its dead-letter topic and data store of dev", () => {
    const dev = diagrams.find((d) => d.file === "dev.svg")!;
    const names = dev.layout.nodes.map((n) => n.label[0]);
    expect(names).toEqual(expect.arrayContaining(serviceDefinitions.map((s) => s.name)));
    expect(names).toEqual(
      expect.arrayContaining([
        "pubsub",
        "pubsub-broadcast",
        "statestore",
        "secretstore",
        "outbox-sweep",
      ]),
    );
    for (const topic of ["task-events", "reminders", "task-updates"])
      expect(names).toContain(`${topic}.dlt`);
    expect(names).toEqual(
      expect.arrayContaining(["Kafka todo-kafka", "Postgres todo-postgres", "Redis"]),
    );
    // Managed stores in prod.
    const prod = diagrams.find((d) => d.file === "prod.svg")!.layout.nodes.flatMap((n) => n.label);
    expect(prod).toEqual(expect.arrayContaining(["Amazon MSK", "Neon", "ElastiCache"]));
  });

  // Rendering every environment takes a few seconds, more on a loaded machine.
  it(
    "renders legibly to PNG: no label box overlaps another or a node, and text is drawn in each",
    { timeout: 60_000 },
    () => {
      for (const { file, layout, svg } of diagrams) {
        expect(overlappingLabels(layout), file).toEqual([]);
        const png = renderPng(svg);
        expect([png.width, png.height], file).toEqual([
          Math.ceil(layout.width),
          Math.ceil(layout.height),
        ]);
        expect(png.asPng().subarray(1, 4).toString(), file).toBe("PNG");
        const boxes: Box[] = [
          ...layout.nodes.map((n) => n.labelBox),
          ...layout.edges.flatMap((e) => (e.label ? [e.label.box] : [])),
          ...layout.legend.map((l) => l.labelBox),
        ];
        for (const box of boxes) {
          expect(
            box.x >= 0 &&
              box.y >= 0 &&
              box.x + box.width <= png.width &&
              box.y + box.height <= png.height,
            `${file}: label inside the picture`,
          ).toBe(true);
          expect(
            darkPixels(png.pixels, png.width, box),
            `${file}: text drawn at ${JSON.stringify(box)}`,
          ).toBeGreaterThan(box.width / 2);
        }
      }
      expect(FONT.sizePx).toBeGreaterThanOrEqual(11);
    },
  );
});

/** Pixels in `box` darker than the light fills: the glyphs. */
function darkPixels(rgba: Buffer, width: number, box: Box): number {
  let dark = 0;
  for (let y = Math.floor(box.y); y < Math.ceil(box.y + box.height); y++)
    for (let x = Math.floor(box.x); x < Math.ceil(box.x + box.width); x++) {
      const i = (y * width + x) * 4;
      if (rgba[i]! + rgba[i + 1]! + rgba[i + 2]! < 3 * 140) dark++;
    }
  return dark;
}

describe("overlappingLabels", () => {
  it("reports labels drawn over each other", () => {
    const node = (id: string, x: number) => ({
      id,
      kind: "service" as const,
      label: [id],
      container: false,
      x,
      y: 0,
      width: 40,
      height: 20,
      labelBox: { x: x + 5, y: 2, width: 30, height: 16 },
    });
    const layout = {
      width: 100,
      height: 20,
      nodes: [node("a", 0), node("b", 20)],
      edges: [],
      legend: [],
    };
    expect(overlappingLabels(layout)).toEqual(["a overlaps b"]);
  });
});
