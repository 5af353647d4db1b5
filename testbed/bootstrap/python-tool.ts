/**
 * Pinned PyPI packages, installed once into a virtualenv of their own in the cache (stamped
 * and lock-protected like the other components): command-line tools (checkov, schemathesis)
 * and libraries a test runs under that virtualenv's python (python-dateutil).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { withBuildLock } from "./build-lock.js";
import { cacheDir, isStamped, stamp } from "./cache.js";
import { BootstrapError, progress, runStep } from "./build-step.js";

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
export function ensurePythonTool(options: PythonToolOptions): Promise<string> {
  return ensureVirtualenv({
    component: options.package,
    dirName: `${options.package}-${options.version}`,
    requirements: [`${options.package}==${options.version}`],
    executable: options.executable ?? options.package,
    install: options.install,
  });
}

export interface VirtualenvOptions {
  /** Name in progress lines and errors. */
  readonly component: string;
  /** Cache folder of the virtualenv. */
  readonly dirName: string;
  /** Pinned requirements (`name==version`); together they are the cache stamp. */
  readonly requirements: readonly string[];
  /** Executable in the virtualenv's bin folder that is returned, e.g. `python`. */
  readonly executable: string;
  /** @default true - install when missing; false: a missing install is an error saying how to get it */
  readonly install?: boolean;
}

/** Creates the virtualenv with `requirements` when its cache is not stamped; returns `executable`. */
export async function ensureVirtualenv(options: VirtualenvOptions): Promise<string> {
  const { component } = options;
  const dir = cacheDir(options.dirName);
  const venv = join(dir, "venv");
  const bin = join(venv, "bin", options.executable);
  const fingerprint = options.requirements.join(" ");
  if (isStamped(dir, fingerprint) && existsSync(bin)) return bin;
  if (options.install === false)
    throw new BootstrapError(
      component,
      `${fingerprint} is not installed yet: run \`npm run infra:bootstrap\``,
    );
  return withBuildLock(component, dir, async () => {
    if (isStamped(dir, fingerprint) && existsSync(bin)) return bin;
    progress(component, `creating virtualenv and installing ${fingerprint} from PyPI`);
    try {
      await runStep(component, process.env.PYTHON ?? "python3", ["-m", "venv", "--clear", venv]);
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
      ...options.requirements,
    ]);
    stamp(dir, fingerprint);
    progress(component, "installed");
    return bin;
  });
}
