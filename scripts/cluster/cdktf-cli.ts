/**
 * The real cdktf CLI (the repository's pinned cdktf-cli) run against the local control plane,
 * with synthesized output in a folder of the test's own so local state never mixes with other
 * runs.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface CliResult {
  readonly code: number;
  /** stdout and stderr, interleaved as printed. */
  readonly output: string;
}

export interface CdktfRunner {
  readonly outDir: string;
  run(args: readonly string[], extraEnv?: Record<string, string>): Promise<CliResult>;
  /** Like {@link run}, but throws with the output when the command fails. */
  ok(args: readonly string[], extraEnv?: Record<string, string>): Promise<string>;
  /** The synthesized Terraform JSON of a stack. */
  stackJson(stack: string): StackJson;
  /** The folder Terraform runs in for a stack. */
  stackDir(stack: string): string;
}

export interface StackJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
}

const TIMEOUT_MS = 15 * 60_000;

export function cdktf(outDir: string, env: Record<string, string>): CdktfRunner {
  const bin = join(repositoryRoot, "node_modules", ".bin", "cdktf");
  const run = (args: readonly string[], extraEnv: Record<string, string> = {}) =>
    new Promise<CliResult>((resolvePromise, reject) => {
      // `providers lock` asks the registry even with a filesystem mirror configured; the lock
      // file `init` writes from the mirror is what an offline run can have.
      const offline = ["deploy", "diff", "destroy", "output"].includes(args[0]!)
        ? ["--skip-provider-lock"]
        : [];
      const child = spawn(bin, [...args, ...offline, "--output", outDir], {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          ...env,
          ...extraEnv,
          CI: "1",
          FORCE_COLOR: "0",
          DISABLE_VERSION_CHECK: "true",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolvePromise({ code: code ?? 1, output });
      });
    });
  return {
    outDir,
    run,
    async ok(args, extraEnv) {
      const result = await run(args, extraEnv);
      if (result.code !== 0)
        throw new Error(
          `cdktf ${args.join(" ")} exited ${result.code}:\n${result.output.slice(-8000)}`,
        );
      return result.output;
    },
    stackDir: (stack) => join(outDir, "stacks", stack),
    stackJson: (stack) =>
      JSON.parse(readFileSync(join(outDir, "stacks", stack, "cdk.tf.json"), "utf8")) as StackJson,
  };
}
