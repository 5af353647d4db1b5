import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freePort } from "./ports.js";
import {
  type ManagedProcess,
  ProcessStartError,
  stopInDependencyOrder,
  Supervisor,
} from "./supervisor.js";

const node = process.execPath;
const dir = mkdtempSync(join(tmpdir(), "todo-supervisor-test-"));

/** True while a process with this pid exists (and is not a zombie we could still reap). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Healthy once the script logged `marker`, i.e. its signal handlers are installed. */
function logSays(logFile: string, marker: string): () => Promise<boolean> {
  return async () => readFileSync(logFile, "utf8").includes(`\n${marker}\n`);
}

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A node script that starts an HTTP server after a delay and a grandchild sleeping in its group. */
function serverScript(port: number, pidFile: string): string[] {
  return [
    "-e",
    `
    const { spawn } = require("node:child_process");
    const grandchild = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(grandchild.pid));
    setTimeout(() => require("node:http").createServer((q, s) => s.end("ok")).listen(${port}, "127.0.0.1"), 300);
    console.log("server starting");
    `,
  ];
}

describe("Supervisor", () => {
  const supervisor = new Supervisor();
  afterEach(async () => {
    await supervisor.stopAll();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("waits for the health check, logs to the file, and stops the whole process group", async () => {
    const port = await freePort();
    const pidFile = join(dir, "grandchild.pid");
    const logFile = join(dir, "server.log");
    const proc = await supervisor.start("server", node, serverScript(port, pidFile), {
      logFile,
      health: async () => (await fetch(`http://127.0.0.1:${port}/`)).ok,
      timeoutMs: 10_000,
    });
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("ok");
    expect(readFileSync(logFile, "utf8")).toContain("server starting");
    const grandchild = Number(readFileSync(pidFile, "utf8"));
    expect(isRunning(grandchild)).toBe(true);

    await proc.stop();
    expect(proc.exited).toBe(true);
    await eventually(() => !isRunning(grandchild), "the grandchild is gone");
  });

  it("fails with the log tail when the process exits before it is healthy", async () => {
    const start = supervisor.start(
      "crasher",
      node,
      ["-e", 'console.error("fatal: config missing DATABASE_URL"); process.exit(3)'],
      { logFile: join(dir, "crasher.log"), health: async () => false, timeoutMs: 10_000 },
    );
    await expect(start).rejects.toThrow(ProcessStartError);
    await expect(start).rejects.toThrow(
      /crasher exited before it became healthy[\s\S]*DATABASE_URL/,
    );
  });

  it("fails, and kills the process, when the health deadline passes", async () => {
    const pidFile = join(dir, "slow.pid");
    const start = supervisor.start(
      "slow",
      node,
      [
        "-e",
        `require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`,
      ],
      { logFile: join(dir, "slow.log"), health: async () => false, timeoutMs: 1_000 },
    );
    await expect(start).rejects.toThrow(/slow was not healthy within 1000 ms/);
    const pid = Number(readFileSync(pidFile, "utf8"));
    await eventually(() => !isRunning(pid), "the unhealthy process is gone");
  });

  it("fails clearly when the command does not exist", async () => {
    await expect(
      supervisor.start("ghost", "todo-no-such-binary", [], {
        logFile: join(dir, "ghost.log"),
        health: async () => true,
      }),
    ).rejects.toThrow(/ghost could not be started \(spawn todo-no-such-binary ENOENT\)/);
  });

  it("SIGKILLs a process that ignores the stop signal after the grace period", async () => {
    const proc = await supervisor.start(
      "stubborn",
      node,
      [
        "-e",
        'process.on("SIGTERM", () => console.log("ignoring SIGTERM")); console.log("ready"); setInterval(() => {}, 1000)',
      ],
      {
        logFile: join(dir, "stubborn.log"),
        health: logSays(join(dir, "stubborn.log"), "ready"),
        graceMs: 300,
      },
    );
    const started = Date.now();
    await proc.stop();
    expect(proc.exited).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readFileSync(join(dir, "stubborn.log"), "utf8")).toContain("ignoring SIGTERM");
  });

  it("stops processes in reverse start order", async () => {
    const order = join(dir, "order.txt");
    writeFileSync(order, "");
    const stopper = (name: string) => [
      "-e",
      `process.on("SIGTERM", () => { require("node:fs").appendFileSync(${JSON.stringify(order)}, "${name}\\n"); process.exit(0); }); console.log("ready"); setInterval(() => {}, 1000)`,
    ];
    for (const name of ["first", "second", "third"]) {
      await supervisor.start(name, node, stopper(name), {
        logFile: join(dir, `${name}.log`),
        health: logSays(join(dir, `${name}.log`), "ready"),
      });
    }
    await supervisor.stopAll();
    expect(readFileSync(order, "utf8").trim().split("\n")).toEqual(["third", "second", "first"]);
  });

  it("restarts a process killed with SIGKILL, with the same arguments, and reports the death", async () => {
    const port = await freePort();
    const lines: string[] = [];
    const restarting = new Supervisor({ restartOnExit: true, log: (line) => lines.push(line) });
    const logFile = join(dir, "restarted.log");
    const proc = await restarting.start(
      "web",
      node,
      [
        "-e",
        `require("node:http").createServer((q, s) => s.end("ok")).listen(${port}, "127.0.0.1")`,
      ],
      {
        logFile,
        health: async () => (await fetch(`http://127.0.0.1:${port}`)).ok,
        pollIntervalMs: 50,
      },
    );
    try {
      const first = proc.pid;
      process.kill(first, "SIGKILL");
      await eventually(
        () => lines.some((l) => l.startsWith("web restarted (pid")),
        "healthy again",
      );
      expect(proc.restarts).toBe(1);
      expect(proc.pid).not.toBe(first);
      expect((await fetch(`http://127.0.0.1:${port}`)).ok).toBe(true);
      expect(lines[0]).toMatch(/^web \(pid \d+\) killed by SIGKILL; restarting in 250 ms$/);
      expect(readFileSync(logFile, "utf8")).toContain("restart #1 web");
    } finally {
      await restarting.stopAll();
    }
    expect(proc.exited).toBe(true);
  });

  it("does not restart what it was asked to stop, nor a process of a supervisor that does not restart", async () => {
    const lines: string[] = [];
    const plain = new Supervisor({ log: (line) => lines.push(line) });
    const proc = await plain.start("once", node, ["-e", "setInterval(() => {}, 1000)"], {
      logFile: join(dir, "once.log"),
      health: async () => true,
    });
    process.kill(proc.pid, "SIGKILL");
    await eventually(() => proc.exited && lines.length === 1, "its death is reported");
    expect(lines[0]).toMatch(/^once \(pid \d+\) killed by SIGKILL; not restarted/);
    expect(proc.restarts).toBe(0);
    await plain.stopAll();
  });

  it("stops dependents before what they depend on, unrelated processes together", async () => {
    const order = join(dir, "dependency-order.txt");
    writeFileSync(order, "");
    const stopper = (name: string, ms: number) => [
      "-e",
      `process.on("SIGTERM", () => setTimeout(() => { require("node:fs").appendFileSync(${JSON.stringify(order)}, "${name}\\n"); process.exit(0); }, ${ms})); console.log("ready"); setInterval(() => {}, 1000)`,
    ];
    const start = (name: string, ms: number, dependsOn: ManagedProcess[] = []) =>
      supervisor.start(name, node, stopper(name, ms), {
        logFile: join(dir, `dep-${name}.log`),
        health: logSays(join(dir, `dep-${name}.log`), "ready"),
        dependsOn,
      });
    const database = await start("database", 0);
    const sidecar = await start("sidecar", 0);
    const service = await start("service", 300, [database, sidecar]);
    await stopInDependencyOrder([database, sidecar, service]);
    const stopped = readFileSync(order, "utf8").trim().split("\n");
    expect(stopped[0]).toBe("service");
    expect(new Set(stopped.slice(1))).toEqual(new Set(["database", "sidecar"]));
  });

  describe("when the supervising Node process ends", () => {
    const supervisorModule = resolve("testbed/process/supervisor.ts");
    const tsx = resolve("node_modules/.bin/tsx");
    const ownerScript = (how: "exit" | "signal" | "sigkill", pidFile: string) => {
      const script = join(dir, `owner-${how}.mts`);
      writeFileSync(
        script,
        `import { writeFileSync } from "node:fs";
import { Supervisor } from ${JSON.stringify(supervisorModule)};
const proc = await new Supervisor().start("sleeper", process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
  logFile: ${JSON.stringify(join(dir, `sleeper-${how}.log`))},
  health: async () => true,
});
writeFileSync(${JSON.stringify(pidFile)}, process.pid + " " + proc.pid);
${how === "exit" ? "process.exit(0);" : "setInterval(() => {}, 1000);"}
`,
      );
      return script;
    };

    it.each(["exit", "signal", "sigkill"] as const)("leaves no orphan (%s)", async (how) => {
      const pidFile = join(dir, `sleeper-${how}.pid`);
      writeFileSync(pidFile, "");
      const owner = spawn(tsx, [ownerScript(how, pidFile)], { stdio: "inherit" });
      const exited = new Promise<number | null>((r) => owner.once("exit", (code) => r(code)));
      await eventually(
        () => readFileSync(pidFile, "utf8") !== "",
        "the sleeper is started",
        30_000,
      );
      const [ownerPid, sleeper] = readFileSync(pidFile, "utf8").split(" ").map(Number) as [
        number,
        number,
      ];
      if (how !== "exit") expect(isRunning(sleeper)).toBe(true);
      if (how === "signal") owner.kill("SIGINT");
      // No handler runs on SIGKILL: only the kernel's parent-death signal can clean up.
      if (how === "sigkill") process.kill(ownerPid, "SIGKILL");
      const code = await exited;
      if (how !== "sigkill") expect(code).toBe(how === "signal" ? 130 : 0);
      await eventually(() => !isRunning(sleeper), "the sleeper is gone");
    });

    it("finishes a graceful stop when Ctrl-C arrives twice (terminal group plus npm forwarding it)", async () => {
      const pidFile = join(dir, "slow-stopper.pid");
      const dataDir = mkdtempSync(join(dir, "data-"));
      writeFileSync(pidFile, "");
      const script = join(dir, "owner-ctrl-c.mts");
      writeFileSync(
        script,
        `import { readFileSync, writeFileSync } from "node:fs";
import { Supervisor } from ${JSON.stringify(supervisorModule)};
const slow = 'process.on("SIGTERM", () => setTimeout(() => { require("node:fs").writeFileSync(${JSON.stringify(join(dir, "slow-stopper.done"))}, "clean"); process.exit(0); }, 1000)); console.log("ready"); setInterval(() => {}, 1000)';
const proc = await new Supervisor().start("slow", process.execPath, ["-e", slow], {
  logFile: ${JSON.stringify(join(dir, "slow-stopper.log"))},
  health: async () => readFileSync(${JSON.stringify(join(dir, "slow-stopper.log"))}, "utf8").includes("\\nready\\n"),
  removeOnStop: [${JSON.stringify(dataDir)}],
});
writeFileSync(${JSON.stringify(pidFile)}, String(proc.pid));
setInterval(() => {}, 1000);
`,
      );
      // Its own process group, like a shell job: Ctrl-C signals every process in it. Plain
      // node with the tsx loader, as `npm run local` runs it (the tsx CLI relays signals itself).
      const owner = spawn(node, ["--import", "tsx", script], { stdio: "inherit", detached: true });
      const exited = new Promise<number | null>((r) => owner.once("exit", (code) => r(code)));
      await eventually(
        () => readFileSync(pidFile, "utf8") !== "",
        "the process is started",
        30_000,
      );
      const slowPid = Number(readFileSync(pidFile, "utf8"));
      const ctrlC = () => {
        try {
          process.kill(-owner.pid!, "SIGINT");
        } catch {
          // ESRCH: the group is already gone (the test then fails on what it left behind).
        }
      };
      ctrlC();
      await new Promise((r) => setTimeout(r, 200)); // a second Ctrl-C while the stop is under way
      ctrlC();
      expect(await exited).toBe(130);
      expect(readFileSync(join(dir, "slow-stopper.done"), "utf8")).toBe("clean");
      expect(isRunning(slowPid)).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
    });
  });
});
