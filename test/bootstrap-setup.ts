/**
 * vitest globalSetup of the `toolchain` project: the bootstrap `npm run infra:bootstrap` runs
 * (builds or finds in the cache every component; seconds when warm). A component that failed
 * is reported, and only the tests that need it fail, each saying how to get it.
 */
import { bootstrap } from "../testbed/bootstrap/bootstrap.js";

export async function provisionComponents(): Promise<void> {
  for (const { component, error } of await bootstrap())
    if (error) process.stderr.write(`[infra] ${component}: ${error.message}\n`);
}

export default provisionComponents;
