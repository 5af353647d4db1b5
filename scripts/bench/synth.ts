/**
 * Benchmark: synthesizing every stack of every environment against an empty cdktf app (one empty
 * stack), measured in the same run, two ways:
 *  - `cdktf synth` (what a platform engineer runs: CLI + app process), the figure the targets apply to;
 *  - the bare app process (`node --import tsx main.ts`, what the CLI spawns), to show the app's own cost.
 * Prints median wall time, CPU time and peak RSS (largest single process) of each, and the ratios
 * against the targets (<= 1.5x the empty app's wall time, <= 350 MB peak RSS).
 * A script, not a test: `npx tsx scripts/bench/synth.ts [runs]`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
export const TARGET_WALL_RATIO = 1.5;
export const TARGET_PEAK_RSS_MB = 350;

export interface SynthRun {
  readonly wallMs: number;
  /** User + system CPU summed over the run's Node processes: steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  /** Peak RSS of the largest single process of the run. */
  readonly peakRssMB: number;
}

export interface SynthComparison {
  readonly emptyApp: SynthRun;
  readonly allEnvironments: SynthRun;
  readonly wallRatio: number;
  readonly cpuRatio: number;
}

export interface SynthBenchmark {
  readonly runs: number;
  readonly cli: SynthComparison;
  readonly bareApp: SynthComparison;
  readonly meetsTargets: boolean;
}

type Mode = "cli" | "bareApp";
type Variant = "emptyApp" | "allEnvironments";

const APP_ENTRY: Record<Variant, string> = {
  emptyApp: join(here, "empty-app.ts"),
  allEnvironments: join(root, "main.ts"),
};

function command(mode: Mode, variant: Variant, outdir: string): [string, string[]] {
  if (mode === "bareApp") return [process.execPath, ["--import", "tsx", APP_ENTRY[variant]]];
  const cli = join(root, "node_modules", ".bin", "cdktf");
  const app = `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(APP_ENTRY[variant])}`;
  return [cli, ["synth", "--app", app, "--output", outdir]];
}

/** Runs one synth in fresh processes writing to a throw-away outdir. */
function synthOnce(mode: Mode, variant: Variant): Promise<SynthRun> {
  const work = mkdtempSync(join(tmpdir(), "bench-synth-"));
  const outdir = join(work, "out");
  const reportFile = join(work, "processes.log");
  const [bin, args] = command(mode, variant, outdir);
  const started = performance.now();
  return new Promise<SynthRun>((resolvePromise, reject) => {
    const child = spawn(bin, args, {
      cwd: root,
      env: {
        ...process.env,
        CDKTF_OUTDIR: outdir,
        BENCH_REPORT_FILE: reportFile,
        CHECKPOINT_DISABLE: "1", // no telemetry call from the CLI
        NODE_OPTIONS:
          `${process.env.NODE_OPTIONS ?? ""} --import ${join(here, "report-peak-rss.mjs")}`.trim(),
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      let report = "";
      try {
        report = readFileSync(reportFile, "utf8");
      } catch {
        // no process reported: rejected below
      }
      rmSync(work, { recursive: true, force: true });
      const processes = [
        ...report.matchAll(/BENCH_PROCESS pid=\d+ PEAK_RSS_KIB=(\d+) CPU_US=(\d+)/g),
      ];
      if (code !== 0 || processes.length === 0)
        return reject(
          new Error(`${mode} synth of ${variant} exited with ${code}:\n${stderr.slice(-2000)}`),
        );
      resolvePromise({
        wallMs,
        cpuMs: processes.reduce((sum, m) => sum + Number(m[2]), 0) / 1000,
        peakRssMB: Math.max(...processes.map((m) => Number(m[1]))) / 1024,
      });
    });
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function compare(mode: Mode, runs: number): Promise<SynthComparison> {
  // One warm-up each (OS file cache, tsx transform cache), then alternate so drift hits both.
  await synthOnce(mode, "emptyApp");
  await synthOnce(mode, "allEnvironments");
  const samples: Record<Variant, SynthRun[]> = { emptyApp: [], allEnvironments: [] };
  for (let i = 0; i < runs; i++)
    for (const variant of ["emptyApp", "allEnvironments"] as const)
      samples[variant].push(await synthOnce(mode, variant));
  const summarize = (s: SynthRun[]): SynthRun => ({
    wallMs: median(s.map((r) => r.wallMs)),
    cpuMs: median(s.map((r) => r.cpuMs)),
    peakRssMB: Math.max(...s.map((r) => r.peakRssMB)),
  });
  const emptyApp = summarize(samples.emptyApp);
  const allEnvironments = summarize(samples.allEnvironments);
  return {
    emptyApp,
    allEnvironments,
    wallRatio: allEnvironments.wallMs / emptyApp.wallMs,
    cpuRatio: allEnvironments.cpuMs / emptyApp.cpuMs,
  };
}

export async function benchmarkSynth(runs = 5): Promise<SynthBenchmark> {
  const cli = await compare("cli", runs);
  const bareApp = await compare("bareApp", runs);
  return {
    runs,
    cli,
    bareApp,
    meetsTargets:
      cli.wallRatio <= TARGET_WALL_RATIO && cli.allEnvironments.peakRssMB <= TARGET_PEAK_RSS_MB,
  };
}

/** Human-readable report. */
export function formatSynthBenchmark(b: SynthBenchmark): string {
  const row = (label: string, r: SynthRun) =>
    `  ${label.padEnd(18)} ${r.wallMs.toFixed(0).padStart(6)} ms wall ${r.cpuMs.toFixed(0).padStart(6)} ms CPU ${r.peakRssMB.toFixed(0).padStart(5)} MB peak RSS`;
  const block = (title: string, c: SynthComparison) => [
    title,
    row("empty cdktf app", c.emptyApp),
    row("all environments", c.allEnvironments),
    `  ratio: wall ${c.wallRatio.toFixed(2)}x, CPU ${c.cpuRatio.toFixed(2)}x, peak RSS ${(c.allEnvironments.peakRssMB / c.emptyApp.peakRssMB).toFixed(2)}x`,
  ];
  return [
    `synth benchmark: median of ${b.runs} runs each (after one warm-up), peak RSS = largest process`,
    ...block("`cdktf synth` (CLI + app):", b.cli),
    ...block("bare app process (node --import tsx <app>):", b.bareApp),
    `targets on \`cdktf synth\`: wall <= ${TARGET_WALL_RATIO}x -> ${b.cli.wallRatio.toFixed(2)}x, peak RSS <= ${TARGET_PEAK_RSS_MB} MB -> ` +
      `${b.cli.allEnvironments.peakRssMB.toFixed(0)} MB: ${b.meetsTargets ? "targets met" : "TARGET MISSED"}`,
  ].join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchmarkSynth(Number(process.argv[2] ?? 5));
  // Missing a target is a finding to report, not a failure to run (npm run bench fails only on those).
  console.log(formatSynthBenchmark(result));
}
