import { describe, expect, it } from "vitest";
import { runProcess } from "./run-process.js";

const node = process.execPath;

describe("runProcess", () => {
  it("resolves with the exit code and what the process printed, whatever the code", async () => {
    const result = await runProcess(
      node,
      ["-e", "process.stdout.write('out'); process.stderr.write('err'); process.exit(3)"],
      { env: { UNUSED: "x" } },
    );
    expect(result).toMatchObject({ code: 3, stdout: "out", stderr: "err" });
    expect(result.output).toContain("out");
    expect(result.output).toContain("err");
  });

  it("passes cwd and env on top of this process's environment", async () => {
    const result = await runProcess(
      node,
      [
        "-e",
        "process.stdout.write(process.cwd() + ' ' + process.env.RUN_PROCESS_TEST + ' ' + Boolean(process.env.PATH))",
      ],
      { cwd: "/", env: { RUN_PROCESS_TEST: "yes" } },
    );
    expect(result.stdout).toBe("/ yes true");
  });

  it("fails when the command is not installed", async () => {
    await expect(runProcess("todo-no-such-binary", [])).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("kills a process that outlives its deadline and fails naming it", async () => {
    const started = Date.now();
    await expect(
      runProcess(node, ["-e", "setInterval(() => {}, 1000)"], { timeoutMs: 300 }),
    ).rejects.toThrow("did not finish in 300 ms");
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
