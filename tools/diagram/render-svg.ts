import { FONT, KIND_NAMES, type Layout } from "./layout.js";
import type { NodeKind } from "./system-model.js";

const FILL: Record<NodeKind, string> = {
  service: "#dbeafe",
  component: "#ede9fe",
  topic: "#dcfce7",
  "dead-letter-topic": "#fee2e2",
  store: "#fef3c7",
  external: "#f3f4f6",
};

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** One self-contained SVG (no scripts, no external resources) of a laid-out diagram. */
export function renderSvg(layout: Layout, title: string): string {
  const text = (x: number, y: number, lines: readonly string[], anchor: "start" | "middle") =>
    lines
      .map(
        (line, i) =>
          `<text x="${x}" y="${y + (i + 1) * FONT.lineHeightPx - 4}" text-anchor="${anchor}"${i > 0 ? ' fill="#4b5563"' : ""}>${escape(line)}</text>`,
      )
      .join("");
  const nodes = layout.nodes.map((n) => {
    const rect = `<rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="6" fill="${n.container ? "#fffbeb" : FILL[n.kind]}" stroke="#6b7280"/>`;
    const label = n.container
      ? text(n.labelBox.x, n.labelBox.y, n.label, "start")
      : text(n.labelBox.x + n.labelBox.width / 2, n.labelBox.y, n.label, "middle");
    return rect + label;
  });
  const edges = layout.edges.map((e) => {
    const path = `<polyline points="${e.points.map((p) => `${p.x},${p.y}`).join(" ")}" fill="none" stroke="#6b7280" marker-end="url(#arrow)"/>`;
    const label = e.label
      ? `<rect x="${e.label.box.x}" y="${e.label.box.y}" width="${e.label.box.width}" height="${e.label.box.height}" fill="#ffffff" opacity="0.9"/>${text(e.label.box.x + e.label.box.width / 2, e.label.box.y, [e.label.text], "middle")}`
      : "";
    return path + label;
  });
  // Containers first, then edges, then leaf nodes on top.
  const containers = layout.nodes.map((n, i) => (n.container ? nodes[i] : "")).join("");
  const leaves = layout.nodes.map((n, i) => (n.container ? "" : nodes[i])).join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${FONT.family}" font-size="${FONT.sizePx}">`,
    `<title>${escape(title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#6b7280"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    containers,
    edges.join(""),
    leaves,
    layout.legend
      .map(
        (l) =>
          `<rect x="${l.swatch.x}" y="${l.swatch.y}" width="${l.swatch.width}" height="${l.swatch.height}" rx="3" fill="${FILL[l.kind]}" stroke="#6b7280"/>${text(l.labelBox.x, l.labelBox.y, [KIND_NAMES[l.kind]], "start")}`,
      )
      .join(""),
    "</svg>",
    "",
  ].join("\n");
}
