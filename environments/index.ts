/** Every environment `main.ts` synthesizes, in deployment order. */
import type { Environment } from "./schema.js";
import { dev } from "./dev.js";
import { staging } from "./staging.js";
import { prod } from "./prod.js";
import { local } from "./local.js";
import { ha } from "./ha.js";

export const environments: readonly Environment[] = [dev, staging, prod, local, ha];
export { dev, staging, prod, local, ha };
export {
  defineEnvironment,
  parseEnvironment,
  EnvironmentValidationError,
} from "./define-environment.js";
export { LOCAL_DAPR_CHART_PATH } from "./local.js";
export { KAFKA_VERSIONS, type Environment, type EnvironmentInput } from "./schema.js";
export type { ServiceName } from "../services/service-definitions.js";
