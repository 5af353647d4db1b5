import { CliError } from "./cli-error.js";

/** Where a replay starts: the ends of the topic, one offset for every partition, or a time. */
export type StartPosition =
  | { readonly kind: "earliest" | "latest" }
  | { readonly kind: "offset"; readonly offset: bigint }
  | { readonly kind: "time"; readonly at: Date };

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses `--from`: `earliest`, `latest`, an offset (`1200`) or an RFC 3339 time. */
export function parseStartPosition(value: string | undefined, now = new Date()): StartPosition {
  if (value === undefined)
    throw new CliError("--from is required: earliest, latest, an offset or an RFC 3339 time");
  if (value === "earliest" || value === "latest") return { kind: value };
  if (/^\d+$/.test(value)) return { kind: "offset", offset: BigInt(value) };
  const at = new Date(value);
  if (!RFC3339.test(value) || Number.isNaN(at.getTime()))
    throw new CliError(
      `--from '${value}' is not earliest, latest, an offset or an RFC 3339 time (e.g. 2026-12-01T09:30:00Z)`,
    );
  if (at > now) throw new CliError(`--from '${value}' is in the future`);
  return { kind: "time", at };
}
