/**
 * Prometheus samples as a real scrape returns them, and their use as `promtool test rules`
 * input: the text exposition's `name{labels}` is the series notation promtool reads.
 */
import type { PrometheusRuleGroup } from "../../constructs/index.js";

/** Series (`name{labels}`) → value of one scrape. */
export type Samples = Map<string, number>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(\s+-?\d+)?$/;

/** Scrapes `url` once. */
export async function scrape(url: string): Promise<Samples> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return parseSamples(await res.text());
}

export function parseSamples(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = SAMPLE.exec(line.trim());
    const value = Number(match?.[3]);
    if (match && Number.isFinite(value)) samples.set(`${match[1]}${match[2] ?? ""}`, value);
  }
  return samples;
}

/** Scrapes every URL and merges the samples (sources have disjoint labels: service, app_id). */
export async function scrapeAll(urls: readonly string[]): Promise<Samples> {
  const merged: Samples = new Map();
  for (const url of urls) for (const [k, v] of await scrape(url)) merged.set(k, v);
  return merged;
}

export const sampleName = (series: string) => series.replace(/\{.*$/, "");

/** Metric names a rule expression reads (not functions, label names, keywords or strings). */
export function metricNamesOf(groups: readonly PrometheusRuleGroup[]): string[] {
  const keywords = new Set(["by", "without", "on", "ignoring", "and", "or", "unless", "bool"]);
  const names = new Set<string>();
  for (const rule of groups.flatMap((g) => g.rules)) {
    const expr = rule.expr
      .replace(/"[^"]*"/g, '""')
      .replace(/\[[^\]]*\]/g, "")
      .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "");
    for (const m of expr.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\(|=~|!~|!=|=)?)/g)) {
      if (m[1] || keywords.has(m[0])) continue;
      names.add(m[0]);
    }
  }
  return [...names].sort();
}

/**
 * promtool input series for the window between two scrapes: the first scrape, the second,
 * then `steps` more points on which every series keeps changing as it did between them (the
 * fault goes on as observed). A series missing from `before` starts at 0 (a counter born during
 * the window). Only series of the given metric names are kept.
 */
export function seriesContinuing(
  before: Samples,
  after: Samples,
  options: { steps: number; metrics: readonly string[] },
): { series: string; values: string }[] {
  const wanted = (series: string) =>
    options.metrics.some((m) => sampleName(series) === m || sampleName(series).startsWith(`${m}_`));
  return [...after]
    .filter(([series]) => wanted(series))
    .map(([series, value]) => {
      const start = before.get(series) ?? 0;
      const step = value - start;
      const values = [start, value];
      for (let i = 1; i <= options.steps; i++) values.push(value + i * step);
      return { series, values: values.map((v) => String(Math.max(0, v))).join(" ") };
    });
}
