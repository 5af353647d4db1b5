/**
 * python-dateutil (with the IANA zone data package tzdata), installed from PyPI into its own
 * virtualenv in the cache: the independent RRULE implementation the recurrence differential
 * test compares against (services/shared/recurrence/oracle/).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { withBuildLock } from "./build-lock";
import { BootstrapError, cacheDir, isStamped, progress, runStep, stamp } from "./cache";

/** Pinned: the oracle's answers must not change under the test. */
export const DATEUTIL_PACKAGES = ["python-dateutil==2.9.0.post0", "tzdata==2026.6"] as const;

const component = "dateutil";
const dirName = `dateutil-${DATEUTIL_PACKAGES.join("-").replace(/[=]+/g, "")}`;

/** Options of {@link ensureDateutil}. */
export interface EnsureDateutilOptions {
  /**
   * Install when missing. When false, a missing install is an error that says how to get it.
   * @default true
   */
  readonly install?: boolean;
}

/** Installs python-dateutil once (a virtualenv in the cache); returns that virtualenv's python. */
export async function ensureDateutil(options: EnsureDateutilOptions = {}): Promise<string> {
  const dir = cacheDir(dirName);
  const venv = join(dir, "venv");
  const python = join(venv, "bin", "python");
  const fingerprint = DATEUTIL_PACKAGES.join(" ");
  if (isStamped(dir, fingerprint) && existsSync(python)) return python;
  if (options.install === false)
    throw new BootstrapError(
      component,
      `${fingerprint} is not installed yet: run \`npm run infra:bootstrap\``,
    );
  return withBuildLock(component, dir, async () => {
    if (isStamped(dir, fingerprint) && existsSync(python)) return python;
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
      ...DATEUTIL_PACKAGES,
    ]);
    stamp(dir, fingerprint);
    progress(component, "installed");
    return python;
  });
}
