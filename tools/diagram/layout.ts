/**
 * Lays a system model out with ELK (layered, left to right, topics inside their cluster) and
 * returns absolute geometry: boxes of nodes, routes of edges and the box of every label, which
 * is what the renderer draws and what the legibility test checks.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from "elkjs/lib/elk.bundled.js";
import type { ModelNode, NodeKind, SystemModel } from "./system-model.js";

/** Monospace text: every glyph is 0.6 em wide, so label boxes are exact without a browser. */
export const FONT = {
  family: "DejaVu Sans Mono, monospace",
  sizePx: 12,
  advance: 0.602,
  lineHeightPx: 16,
};
const PADDING = 10;
const CONTAINER_TITLE_PX = 2 * FONT.lineHeightPx + PADDING;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedNode extends Box {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: readonly string[];
  readonly container: boolean;
  readonly labelBox: Box;
}

export interface PlacedEdge {
  readonly points: readonly { x: number; y: number }[];
  readonly label?: { readonly text: string; readonly box: Box };
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  /** One swatch per kind of node shown, in a row under the graph. */
  readonly legend: readonly {
    readonly kind: NodeKind;
    readonly swatch: Box;
    readonly labelBox: Box;
  }[];
}

/** What the legend says each kind of node is. */
export const KIND_NAMES: Record<NodeKind, string> = {
  service: "service (Dapr app)",
  component: "Dapr component",
  topic: "Kafka topic",
  "dead-letter-topic": "dead-letter topic",
  store: "data store",
  external: "external",
};

export const textWidth = (text: string) => Math.ceil(text.length * FONT.sizePx * FONT.advance);
const textBlock = (lines: readonly string[]) => ({
  width: Math.max(...lines.map(textWidth)),
  height: lines.length * FONT.lineHeightPx,
});

export async function layoutSystem(model: SystemModel): Promise<Layout> {
  const children = (parent: string | undefined): ElkNode[] =>
    model.nodes
      .filter((n) => n.parent === parent)
      .map((n) => {
        const inner = children(n.id);
        const text = textBlock(n.label);
        return inner.length
          ? {
              id: n.id,
              children: inner,
              layoutOptions: {
                "elk.padding": `[top=${CONTAINER_TITLE_PX},left=${PADDING},bottom=${PADDING},right=${PADDING}]`,
                "elk.nodeSize.constraints": "MINIMUM_SIZE",
                "elk.nodeSize.minimum": `(${text.width + 2 * PADDING}, ${CONTAINER_TITLE_PX})`,
              },
            }
          : { id: n.id, width: text.width + 2 * PADDING, height: text.height + 2 * PADDING };
      });
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.spacing.nodeNode": "24",
      "elk.layered.spacing.nodeNodeBetweenLayers": "56",
      "elk.spacing.edgeLabel": "6",
      "elk.spacing.edgeEdge": "12",
      "elk.layered.spacing.edgeNodeBetweenLayers": "24",
      "elk.edgeLabels.inline": "false",
      "elk.padding": "[top=20,left=20,bottom=20,right=20]",
    },
    children: children(undefined),
    edges: model.edges.map((e, i): ElkExtendedEdge => ({
      id: `e${i}`,
      sources: [e.from],
      targets: [e.to],
      ...(e.label
        ? {
            labels: [
              { text: e.label, width: textWidth(e.label) + 4, height: FONT.lineHeightPx + 2 },
            ],
          }
        : {}),
    })),
  };
  const laid = await new ELK().layout(graph);

  // ELK gives positions relative to the parent node (nodes) or the edge's container (edges).
  const origin = new Map<string, { x: number; y: number }>([["root", { x: 0, y: 0 }]]);
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const nodes: PlacedNode[] = [];
  const walk = (node: ElkNode, at: { x: number; y: number }) => {
    for (const child of node.children ?? []) {
      const x = at.x + (child.x ?? 0);
      const y = at.y + (child.y ?? 0);
      origin.set(child.id, { x, y });
      const model = byId.get(child.id) as ModelNode;
      const container = Boolean(child.children?.length);
      const text = textBlock(model.label);
      const width = child.width ?? 0;
      const height = child.height ?? 0;
      nodes.push({
        id: child.id,
        kind: model.kind,
        label: model.label,
        container,
        x,
        y,
        width,
        height,
        labelBox: container
          ? { x: x + PADDING, y: y + PADDING / 2, ...text }
          : { x: x + (width - text.width) / 2, y: y + (height - text.height) / 2, ...text },
      });
      walk(child, { x, y });
    }
  };
  walk(laid, { x: 0, y: 0 });
  const edges: PlacedEdge[] = (laid.edges ?? []).map((edge) => {
    const at = origin.get(edge.container ?? "root") ?? { x: 0, y: 0 };
    const shift = (p: { x: number; y: number }) => ({ x: p.x + at.x, y: p.y + at.y });
    const points = (edge.sections ?? []).flatMap((s) => [
      shift(s.startPoint),
      ...(s.bendPoints ?? []).map(shift),
      shift(s.endPoint),
    ]);
    const label = edge.labels?.[0];
    return {
      points,
      ...(label
        ? {
            label: {
              text: label.text ?? "",
              box: {
                x: at.x + (label.x ?? 0),
                y: at.y + (label.y ?? 0),
                width: label.width ?? 0,
                height: label.height ?? 0,
              },
            },
          }
        : {}),
    };
  });
  // Legend: arrows point from caller or publisher to callee or subscriber.
  const kinds = [...new Set(model.nodes.map((n) => n.kind))];
  const legend: Layout["legend"][number][] = [];
  let x = 20;
  const y = (laid.height ?? 0) + 4;
  for (const kind of kinds) {
    const swatch = { x, y, width: 14, height: 14 };
    const labelBox = {
      x: x + 20,
      y: y - 1,
      width: textWidth(KIND_NAMES[kind]),
      height: FONT.lineHeightPx,
    };
    legend.push({ kind, swatch, labelBox });
    x = labelBox.x + labelBox.width + 24;
  }
  const width = Math.ceil(Math.max(laid.width ?? 0, x));
  return { width, height: Math.ceil(y + FONT.lineHeightPx + 16), nodes, edges, legend };
}

/** Label boxes that overlap each other or a node they do not belong to: none in a legible diagram. */
export function overlappingLabels(layout: Layout): string[] {
  const intersects = (a: Box, b: Box) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const labels = [
    ...layout.nodes.map((n) => ({ name: n.label[0]!, box: n.labelBox })),
    ...layout.edges.flatMap((e) =>
      e.label ? [{ name: `edge '${e.label.text}'`, box: e.label.box }] : [],
    ),
  ];
  const problems: string[] = [];
  labels.forEach((a, i) =>
    labels.slice(i + 1).forEach((b) => {
      if (intersects(a.box, b.box)) problems.push(`${a.name} overlaps ${b.name}`);
    }),
  );
  for (const e of layout.edges)
    for (const n of layout.nodes)
      if (e.label && !n.container && intersects(e.label.box, n))
        problems.push(`edge '${e.label.text}' overlaps node ${n.label[0]}`);
  return problems;
}
