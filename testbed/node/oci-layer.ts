/**
 * An image layer as a tar whose bytes depend only on the files' contents and modes: sorted
 * names, time zero, owner root. Every image the repository builds (the pause image, the
 * service images) is made of such layers, so two builds give the same digests.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

export async function deterministicTar(
  dir: string,
  tarFile: string,
  options: {
    /** What to take from `dir`. @default ["."] */
    entries?: readonly string[];
    /** Folder the entries land in, replacing the leading `.`. @default - the root */
    prefix?: string;
    /** Clear group and other write bits (a checkout's modes follow its umask). @default false */
    ownerWritesOnly?: boolean;
  } = {},
): Promise<void> {
  const { entries = ["."], prefix, ownerWritesOnly } = options;
  await exec("tar", [
    "--sort=name",
    "--mtime=@0",
    "--owner=0",
    "--group=0",
    "--numeric-owner",
    ...(ownerWritesOnly ? ["--mode=go-w"] : []),
    "--format=gnu",
    ...(prefix ? ["--transform", `s|^\\.|${prefix}|`] : []),
    ...["-cf", tarFile, "-C", dir, ...entries],
  ]);
}
