/**
 * Where `npm run local` keeps its data by default. As root the servers run as their own OS
 * users (postgres), which cannot enter root's private home: root's data lives in
 * /var/lib/todo-platform/local-data instead; anyone else's in the cache folder.
 */
import { mkdirSync } from "node:fs";
import { cacheDir } from "../bootstrap/cache.js";

const ROOT_LOCAL_DATA_DIR = "/var/lib/todo-platform/local-data";

export function defaultLocalDataDir(uid = process.getuid?.()): string {
  if (uid !== 0) return cacheDir("local-data");
  mkdirSync(ROOT_LOCAL_DATA_DIR, { recursive: true, mode: 0o755 });
  return ROOT_LOCAL_DATA_DIR;
}
