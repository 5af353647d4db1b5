/**
 * The construct library as another repository uses it: `npm pack` it, install only the tarball
 * and its peers in a scratch project outside the repository with the README's exact command,
 * then compose a stack from Kafka, Postgres, Redis, Dapr and Microservice in plain Node ESM
 * and in strict TypeScript (NodeNext), synthesize it and `validate` it with the real providers.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTerraform, type TerraformToolchain } from "../../testbed/terraform/terraform.js";
import {
  formatDiagnostics,
  synthesizedStackDirs,
  validateStack,
} from "../../testbed/terraform/validate.js";
import { LIBRARY_DIR, REPO_ROOT } from "../../scripts/library/api.js";

const FIXTURES = join(REPO_ROOT, "test", "library", "consumer");
const library = JSON.parse(readFileSync(join(LIBRARY_DIR, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const repo = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};
/** What the services need and the library must not bring: the repository's runtime deps that are no peer. */
const SERVICE_DEPENDENCIES = Object.keys(repo.dependencies).filter(
  (name) => !(name in library.peerDependencies),
);

/** The peers the README's install command brings: all but the optional ones. */
const peersInstalled = Object.keys(library.peerDependencies).filter(
  (name) => name !== "@cdktf/provider-aws",
);

/** The README section this test verifies, from its heading to the next `## `. */
function readmeSection(): string {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## Use the constructs in your repository\n");
  expect(start, "README has a section 'Use the constructs in your repository'").toBeGreaterThan(0);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The fenced code blocks of `lang` in `text`. */
const codeBlocks = (text: string, lang: string) =>
  [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);

/** The environment for npm and node in the scratch project: none of this npm run's settings. */
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  // Installs from the npm cache when it holds the packages, so a warm machine needs no network.
  npm_config_prefer_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

function run(command: string, cwd: string, extraEnv: Record<string, string> = {}) {
  const result = spawnSync("sh", ["-c", command], {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 540_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function mustRun(command: string, cwd: string, extraEnv: Record<string, string> = {}): string {
  const result = run(command, cwd, extraEnv);
  expect(result.code, `${command} in ${cwd}:\n${result.output}`).toBe(0);
  return result.output;
}

/** Files and bytes under `dir` (symlinks not followed). */
function treeSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = treeSize(path);
      files += sub.files;
      bytes += sub.bytes;
    } else if (entry.isFile()) {
      files += 1;
      bytes += statSync(path).size;
    }
  }
  return { files, bytes };
}

/** Names of every package installed under `nodeModules`, nested ones included. */
function installedPackages(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules).flatMap((name) => {
    if (name.startsWith(".")) return [];
    if (name.startsWith("@"))
      return readdirSync(join(nodeModules, name)).flatMap((sub) => [
        `${name}/${sub}`,
        ...installedPackages(join(nodeModules, name, sub, "node_modules")),
      ]);
    return [name, ...installedPackages(join(nodeModules, name, "node_modules"))];
  });
}

/** Synthesizes the consumer program `script` (relative to the project) into a fresh folder. */
function synth(
  project: string,
  script: string,
): { outdir: string; stacks: Record<string, string> } {
  const outdir = mkdtempSync(join(tmpdir(), "library-consumer-out-"));
  mustRun(`node ${script}`, project, { CDKTF_OUTDIR: outdir });
  const stacks = Object.fromEntries(
    synthesizedStackDirs(outdir).map((dir) => [dir.split(/[\\/]/).pop()!, dir]),
  );
  return { outdir, stacks };
}

async function expectValid(stacks: Record<string, string>, toolchain: TerraformToolchain) {
  for (const [name, dir] of Object.entries(stacks)) {
    const result = await validateStack(dir, { toolchain });
    expect(result.valid, `${name}: ${formatDiagnostics(result)}`).toBe(true);
  }
}

const resourceTypes = (stackDir: string) =>
  Object.keys(
    (JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { resource: object })
      .resource,
  ).sort();

describe(`${library.name} installed from its tarball`, () => {
  const work = mkdtempSync(join(tmpdir(), "library-consumer-"));
  const project = join(work, "project");
  const tarball = `${library.name.replace("@", "").replace("/", "-")}-${library.version}.tgz`;
  let toolchain: TerraformToolchain;
  let section: string;

  beforeAll(async () => {
    toolchain = await ensureTerraform({ build: false });
    section = readmeSection();
    const [pack, install] = codeBlocks(section, "sh")
      .flatMap((block) => block.split("\n"))
      .filter((line) => /^npm (pack|install) /.test(line));
    expect(pack, "README gives the pack command").toMatch(/^npm pack -w constructs$/);
    expect(install, "README gives the install command").toMatch(
      new RegExp(`^npm install \\./${tarball} `),
    );
    // The README's own commands: pack in the repository, install in the consumer's project.
    mustRun(`${pack} --pack-destination ${work}`, REPO_ROOT);
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2),
    );
    copyFileSync(join(work, tarball), join(project, tarball));
    mustRun(install!, project);
  }, 600_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("the README's import lines are the tested program's", () => {
    const [snippet] = codeBlocks(section, "js");
    expect(snippet, "README shows the consumer's imports").toContain(`from "${library.name}"`);
    const program = readFileSync(join(FIXTURES, "main.mjs"), "utf8");
    for (const line of snippet!.split("\n").filter((l) => l.trim() !== ""))
      expect(program, `README line not in test/library/consumer/main.mjs: ${line}`).toContain(line);
  });

  it("(a) plain Node ESM composes Kafka, Postgres, Redis, Dapr and a service, synthesizes and validates", async () => {
    copyFileSync(join(FIXTURES, "main.mjs"), join(project, "main.mjs"));
    const { outdir, stacks } = synth(project, "main.mjs");
    try {
      expect(Object.keys(stacks)).toEqual(["shop-platform", "shop-workloads"]);
      expect(resourceTypes(stacks["shop-platform"]!)).toContain("helm_release");
      expect(resourceTypes(stacks["shop-workloads"]!)).toEqual(
        expect.arrayContaining([
          "kubernetes_deployment_v1",
          "kubernetes_manifest",
          "random_password",
        ]),
      );
      await expectValid(stacks, toolchain);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 300_000);

  it("(b) TypeScript strict with moduleResolution NodeNext compiles, synthesizes the same stacks and validates", async () => {
    copyFileSync(join(FIXTURES, "main.ts"), join(project, "main.ts"));
    copyFileSync(join(FIXTURES, "tsconfig.json"), join(project, "tsconfig.json"));
    // skipLibCheck is off: the package's declarations must type-check under the consumer's settings.
    mustRun(`${join(REPO_ROOT, "node_modules", ".bin", "tsc")} -p tsconfig.json`, project);
    const ts = synth(project, "dist/main.js");
    const js = synth(project, "main.mjs");
    try {
      expect(Object.keys(ts.stacks)).toEqual(["shop-platform", "shop-workloads"]);
      for (const name of Object.keys(ts.stacks))
        expect(readFileSync(join(ts.stacks[name]!, "cdk.tf.json"), "utf8")).toBe(
          readFileSync(join(js.stacks[name]!, "cdk.tf.json"), "utf8"),
        );
      await expectValid(ts.stacks, toolchain);
    } finally {
      rmSync(ts.outdir, { recursive: true, force: true });
      rmSync(js.outdir, { recursive: true, force: true });
    }
  }, 300_000);

  it("(c) installs no service dependency, and no AWS provider unless asked for", () => {
    expect(library.dependencies ?? {}).toEqual({});
    const installed = installedPackages(join(project, "node_modules"));
    expect(SERVICE_DEPENDENCIES).toEqual(expect.arrayContaining(["fastify", "pg", "kafkajs"]));
    expect(installed.filter((name) => SERVICE_DEPENDENCIES.includes(name))).toEqual([]);
    expect(installed).toEqual(expect.arrayContaining([library.name, ...peersInstalled]));
    expect(installed).not.toContain("@cdktf/provider-aws");
    const own = treeSize(join(project, "node_modules", ...library.name.split("/")));
    const all = treeSize(join(project, "node_modules"));
    console.log(
      `${library.name}@${library.version} installed: ${own.files} files, ${(own.bytes / 1024).toFixed(1)} KiB; ` +
        `whole tree with peers: ${installed.length} packages, ${all.files} files, ${(all.bytes / 1024 / 1024).toFixed(1)} MiB`,
    );
    expect(own.files).toBeGreaterThan(0);
  });

  it.each([
    {
      props:
        'StrimziKafkaCluster(stack, "Kafka", { namespace: "shop", version: "4.3.1", brokers: 0 })',
      message: "StrimziKafkaCluster 'kafka': brokers (0) must be an integer >= 1",
    },
    {
      props:
        'Microservice(stack, "orders", { namespace: "shop", image: "ghcr.io/acme/orders:latest" })',
      message:
        "Microservice 'orders': image 'ghcr.io/acme/orders:latest' must carry a pinned tag (not 'latest' or none)",
    },
  ])(
    "(d) bad props fail synth with the construct's own message: $message",
    ({ props, message }) => {
      const script = `bad-${message.split(" ")[0]}.mjs`;
      writeFileSync(
        join(project, script),
        [
          'import { App, TerraformStack } from "cdktf";',
          `import { Microservice, StrimziKafkaCluster } from "${library.name}";`,
          "const app = new App();",
          'const stack = new TerraformStack(app, "bad");',
          `new ${props};`,
          "app.synth();",
        ].join("\n"),
      );
      const outdir = join(work, `out-${script}`);
      const result = run(`node ${script}`, project, { CDKTF_OUTDIR: outdir });
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(message);
      expect(existsSync(join(outdir, "stacks", "bad", "cdk.tf.json"))).toBe(false);
    },
  );
});
