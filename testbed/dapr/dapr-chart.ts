/**
 * The Dapr Helm chart as a chart directory, for clusters that cannot reach the public chart
 * repository (the `local` environment): the real upstream chart shipped inside the
 * `github.com/dapr/dapr` release module (`charts/dapr`), unchanged except for what the upstream
 * release does when it packages the chart (`helm package --version <v> --app-version <v>`).
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { progress, runStep } from "../bootstrap/build-step.js";
import { downloadGoModule } from "../bootstrap/go-build.js";
import { DAPR_VERSION } from "./dapr-build.js";

const COMPONENT = "dapr-chart";

/** Unpacks the chart into `destination` (idempotent); returns `destination`. */
export async function ensureDaprChart(destination: string): Promise<string> {
  const chartFile = join(destination, "Chart.yaml");
  if (
    existsSync(chartFile) &&
    readFileSync(chartFile, "utf8").includes(`version: '${DAPR_VERSION}'`)
  )
    return destination;
  const { dir: moduleDir } = await downloadGoModule(
    COMPONENT,
    "github.com/dapr/dapr",
    `v${DAPR_VERSION}`,
  );
  rmSync(destination, { recursive: true, force: true });
  cpSync(join(moduleDir, "charts", "dapr"), destination, { recursive: true });
  await runStep(COMPONENT, "chmod", ["-R", "u+w", destination]);
  // The release stamps the top-level chart only; the bundled sub-charts stay at 0.0.0.
  const chart = readFileSync(chartFile, "utf8")
    .replace(/^version: '0\.0\.0'$/m, `version: '${DAPR_VERSION}'`)
    .replace(/^appVersion: '0\.0\.0'$/m, `appVersion: '${DAPR_VERSION}'`);
  writeFileSync(chartFile, chart);
  progress(COMPONENT, `Dapr chart ${DAPR_VERSION} unpacked`);
  return destination;
}
