/**
 * The one way integration tests get the shared infrastructure: fails (never skips) with
 * the reason and the command that fixes it when a component they need is not running.
 */
import { inject } from "vitest";
import type { InfraComponent, InfraContext } from "./infra-context.js";

export type { InfraComponent, InfraContext } from "./infra-context.js";

const HOW_TO_FIX =
  "Run `npm run infra:bootstrap` (installs/builds Kafka, Postgres, Redis and Dapr into the cache; " +
  "Debian packages: `apt-get install -y postgresql redis-server maven openjdk-17-jre-headless`) and run the " +
  "system project again (`npx vitest run --project system`).";

/**
 * The infra context, after checking that every component in `needs` is up.
 * @throws Error naming the missing component, why it is missing and how to get it.
 */
export function requireInfra(...needs: InfraComponent[]): InfraContext {
  const infra = inject("infra") as InfraContext | undefined;
  if (!infra) {
    throw new Error(
      `No test infrastructure was provided: run this file in the 'system' project. ${HOW_TO_FIX}`,
    );
  }
  const missing = needs.filter((component) => infra.unavailable[component] !== undefined);
  if (missing.length > 0) {
    const reasons = missing
      .map((component) => `- ${component}: ${infra.unavailable[component]}`)
      .join("\n");
    throw new Error(`Test infrastructure missing:\n${reasons}\n${HOW_TO_FIX}`);
  }
  return infra;
}
