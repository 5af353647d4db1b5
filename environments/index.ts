/** Every environment `main.ts` synthesizes, in deployment order. */
import type { Environment } from "./schema";
import { dev } from "./dev";
import { staging } from "./staging";
import { prod } from "./prod";

export const environments: readonly Environment[] = [dev, staging, prod];
export { dev, staging, prod };
export {
  defineEnvironment,
  parseEnvironment,
  EnvironmentValidationError,
} from "./define-environment";
export {
  SERVICE_NAMES,
  KAFKA_VERSIONS,
  type Environment,
  type EnvironmentInput,
  type ServiceName,
} from "./schema";
