/**
 * A command-line tool from PyPI, installed once at a pinned version into its own virtualenv
 * in the cache (stamped and lock-protected like the other components).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { withBuildLock } from "./build-lock";
import { BootstrapError, cacheDir, isStamped, progress, runStep, stamp } from "./cache";

export interface PythonToolOptions {
  /** PyPI package, also the cache component name, e.g. `checkov`. */
  readonly package: string;
  /** Pinned version; bump deliberately. */
  readonly version: string;
  /** Executable in the virtualenv's bin folder. @default - the package name */
  readonly executable?: string;
  /**
   * Install when missing. When false, a missing tool is an error that says how to get it.
   * @default true
   */
  readonly install?: boolean;
}

/** Installs the tool when its cache is not stamped; returns the path of its executable. */
export async function ensurePythonTool(options: PythonToolOptions): Promise<string> {
  const component = options.package;
  const dir = cacheDir(`${options.package}-${options.version}`);
  const venv = join(dir, "venv");
  const bin = join(venv, "bin", options.executable ?? options.package);
  const fingerprint = `${options.package}==${options.version}`;
  if (isStamped(dir, fingerprint) && existsSync(bin)) return bin;
  if (options.install === false)
    throw new BootstrapError(
      component,
      `${options.package} ${options.version} is not installed yet: run \`npm run infra:bootstrap\``,
    );
  return withBuildLock(component, dir, async () => {
    if (isStamped(dir, fingerprint) && existsSync(bin)) return bin;
    progress(component, `${options.version}: creating virtualenv and installing from PyPI`);
    const python = process.env.PYTHON ?? "python3";
    try {
      await runStep(component, python, ["-m", "venv", "--clear", venv]);
    } catch (error) {
      throw new BootstrapError(
        component,
        `cannot create a Python virtualenv (${(error as Error).message.split("\n")[0]}). ` +
          "Install Python 3.9+ with venv support (Debian: `apt-get install python3-venv`), or set PYTHON.",
      );
    }
    await runStep(component, join(venv, "bin", "pip"), [
      "install",
      "--no-input",
      "--disable-pip-version-check",
      fingerprint,
    ]);
    stamp(dir, fingerprint);
    progress(component, `${options.version} installed`);
    return bin;
  });
}
