/**
 * The HS256 secret of the local system: random, created once per machine in the cache (mode
 * 0600, never in the repository), shared by `npm run local` and `npm run local:token`.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "../bootstrap/cache.js";

export function localJwtSecret(): string {
  const file = join(cacheDir("local"), "jwt-hs256-secret");
  if (!existsSync(file))
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}
