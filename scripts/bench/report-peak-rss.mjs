// Preloaded (NODE_OPTIONS=--import) into every Node process of a benchmarked run: appends the
// process's peak resident set size and CPU time to $BENCH_REPORT_FILE when it exits. Plain
// JavaScript so that processes started without tsx (the cdktf CLI, npx) can load it too; a file,
// because the cdktf CLI swallows its app's stderr.
import { appendFileSync } from "node:fs";
import process from "node:process";

process.on("exit", () => {
  const file = process.env.BENCH_REPORT_FILE;
  if (!file) return;
  const usage = process.resourceUsage(); // maxRSS in KiB on Linux and macOS
  appendFileSync(
    file,
    `BENCH_PROCESS pid=${process.pid} PEAK_RSS_KIB=${usage.maxRSS} CPU_US=${usage.userCPUTime + usage.systemCPUTime}\n`,
  );
});
