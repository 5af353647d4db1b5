/**
 * Bundles each service into one ESM file with its dependencies (esbuild), plus its SQL
 * migrations: `dist/services/<name>/main.mjs`. The container image runs that file with plain
 * Node — no TypeScript tooling, no dev dependencies, no node_modules.
 *
 * Usage: `tsx services/build.ts [outDir]`
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { serviceDefinitions } from "./service-definitions.js";
import { entryPointOf, type ServiceDefinition } from "./service-definition.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Bundles every service into `outDir/<name>/`. */
export async function bundleServices(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  for (const definition of serviceDefinitions) await bundleService(definition, outDir);
}

async function bundleService(definition: ServiceDefinition, outDir: string): Promise<void> {
  const service = definition.name;
  const started = Date.now();
  await build({
    entryPoints: [join(root, entryPointOf(definition))],
    outfile: join(outDir, service, "main.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    legalComments: "none",
    // pg's optional native binding is never used; CommonJS dependencies need `require`.
    external: ["pg-native"],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  const migrations = join(root, "services", service, "migrations");
  if (existsSync(migrations))
    cpSync(migrations, join(outDir, service, "migrations"), { recursive: true });
  process.stderr.write(`[build] ${service.padEnd(12)} ${Date.now() - started} ms\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  await bundleServices(process.argv[2] ?? join(root, "dist", "services"));
