/**
 * The real cdktf CLI (the repository's pinned cdktf-cli) run against the local control plane,
 * with synthesized output in a folder of the test's own so local state never mixes with other
 * runs.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runProcess } from "../process/run-process.js";

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
  const run = (args: readonly string[], extraEnv: Record<string, string> = {}) => {
    // `providers lock` asks the registry even with a filesystem mirror configured; the lock
    // file `init` writes from the mirror is what an offline run can have.
    const offline = ["deploy", "diff", "destroy", "output"].includes(args[0]!)
      ? ["--skip-provider-lock"]
      : [];
    return runProcess(bin, [...args, ...offline, "--output", outDir], {
      cwd: repositoryRoot,
      env: { ...env, ...extraEnv, CI: "1", FORCE_COLOR: "0", DISABLE_VERSION_CHECK: "true" },
      timeoutMs: TIMEOUT_MS,
    });
  };
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
