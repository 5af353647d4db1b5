/**
 * python-dateutil (with the IANA zone data package tzdata), installed from PyPI into its own
 * virtualenv in the cache: the independent RRULE implementation the recurrence differential
 * test compares against (services/domain/recurrence/oracle/).
 */
import { ensureVirtualenv } from "../bootstrap/python-tool.js";

/** Pinned: the oracle's answers must not change under the test. */
export const DATEUTIL_PACKAGES = ["python-dateutil==2.9.0.post0", "tzdata==2026.6"] as const;

/** Options of {@link ensureDateutil}. */
export interface EnsureDateutilOptions {
  /**
   * Install when missing. When false, a missing install is an error that says how to get it.
   * @default true
   */
  readonly install?: boolean;
}

/** Installs python-dateutil once (a virtualenv in the cache); returns that virtualenv's python. */
export function ensureDateutil(options: EnsureDateutilOptions = {}): Promise<string> {
  return ensureVirtualenv({
    component: "dateutil",
    dirName: `dateutil-${DATEUTIL_PACKAGES.join("-").replace(/[=]+/g, "")}`,
    requirements: DATEUTIL_PACKAGES,
    executable: "python",
    install: options.install,
  });
}
