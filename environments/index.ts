/** Every environment `main.ts` synthesizes, in deployment order. */
import type { Environment } from "./schema";
import { dev } from "./dev";
import { staging } from "./staging";
import { prod } from "./prod";
import { local } from "./local";
import { ha } from "./ha";

export const environments: readonly Environment[] = [dev, staging, prod, local, ha];
export { dev, staging, prod, local, ha };
export {
  defineEnvironment,
  parseEnvironment,
  EnvironmentValidationError,
} from "./define-environment";
export { KAFKA_VERSIONS, type Environment, type EnvironmentInput } from "./schema";
export type { ServiceName } from "../services/service-definitions";
