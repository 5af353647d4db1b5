/**
 * `npm run --silent local:token -- <user-id>`: prints a bearer token the local system accepts
 * (HS256, `sub` = user id, valid 12 h).
 */
import { signHs256Token } from "../../services/runtime/auth.js";
import { localJwtSecret } from "./local-secret.js";

const userId = process.argv[2];
if (!userId) {
  process.stderr.write("usage: npm run --silent local:token -- <user-id>\n");
  process.exit(2);
}
process.stdout.write(`${await signHs256Token(localJwtSecret(), userId)}\n`);
